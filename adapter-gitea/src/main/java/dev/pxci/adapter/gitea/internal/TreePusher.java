package dev.pxci.adapter.gitea.internal;

import dev.pxci.ports.Change;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.forge.PushRequest;
import dev.pxci.ports.forge.PushResult;
import dev.pxci.ports.forge.RepositoryRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;

/**
 * Pushes a directory as one commit on a branch, with JGit and nothing on disk but the directory:
 * the tree is built in an in-memory repository, the branch's current head is fetched, and
 *
 * <ul>
 *   <li>when the head already has the same tree, nothing is pushed ({@code UNCHANGED});
 *   <li>when the head was not made by pxci, the push is refused ({@code CONFLICT}) unless forced;
 *   <li>otherwise a commit whose parent is that head is pushed with the head as the expected old
 *       value, so the update is a fast-forward and a concurrent change is detected, never overwritten.
 * </ul>
 *
 * <p>"Made by pxci" means the commit message ends with the trailer {@value #TRAILER}, which every
 * commit this class makes carries. A forced push still keeps the other commits in the history: it
 * only replaces the branch's content.
 */
public final class TreePusher {
    /** The trailer that marks commits made by pxci. */
    public static final String TRAILER_KEY = "Pushed-by";
    public static final String TRAILER = TRAILER_KEY + ": pxci";

    private final GitRemote remote;
    private final PersonIdent committer;
    private final Duration timeout;
    private final UnaryOperator<String> redact;

    public TreePusher(GitRemote remote, PersonIdent committer, Duration timeout, UnaryOperator<String> redact) {
        this.remote = remote;
        this.committer = committer;
        this.timeout = timeout;
        this.redact = redact;
    }

    public PushResult push(PushRequest request) {
        if (!Files.isDirectory(request.tree())) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "cannot push " + request.tree() + ": not a directory");
        }
        String refName = Constants.R_HEADS + request.branch();
        if (!Repository.isValidRefName(refName)) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "'" + request.branch() + "' is not a valid branch name");
        }
        RepositoryRef repository = request.repository();
        URIish uri = remote.uri(repository);
        try (InMemoryRepository local = new InMemoryRepository(new DfsRepositoryDescription("pxci-push"))) {
            remote.prepare(local);
            ObjectId tree = writeTree(local, request.tree());
            try (Transport transport = Transport.open(local, uri)) {
                remote.configure(transport);
                transport.setTimeout((int) Math.max(1, timeout.toSeconds()));
                RevCommit head = fetchHead(local, transport, refName);
                if (head != null && head.getTree().getId().equals(tree)) {
                    return new PushResult(Change.UNCHANGED, head.name(), tree.name());
                }
                if (head != null && !madeByPxci(head) && !request.force()) {
                    PersonIdent who = head.getCommitterIdent();
                    throw new PxciException(ErrorCode.CONFLICT, "branch " + request.branch() + " of " + repository
                            + " ends with commit " + head.abbreviate(10).name() + " by " + who.getName() + " <"
                            + who.getEmailAddress() + ">, which pxci did not make; pushing would replace its content",
                            "move that work to another branch, or push with force to replace the content"
                                    + " (the commit stays in the history)");
                }
                ObjectId commit = writeCommit(local, tree, head, request);
                RemoteRefUpdate update = new RemoteRefUpdate(local, commit.name(), refName, false, null,
                        head == null ? ObjectId.zeroId() : head.getId());
                RemoteRefUpdate result = transport.push(NullProgressMonitor.INSTANCE, List.of(update))
                        .getRemoteUpdate(refName);
                return outcome(request, repository, result, head, commit, tree);
            }
        } catch (NoRemoteRepositoryException e) {
            throw new PxciException(ErrorCode.NOT_FOUND, redact.apply("no git repository at " + uri + ": "
                    + e.getMessage()), "create it first (ensureRepository) and check the URL");
        } catch (TransportException e) {
            String text = String.valueOf(e.getMessage());
            boolean auth = text.contains("not authorized") || text.contains("Authentication")
                    || text.contains("authentication") || text.contains("401");
            String lower = text.toLowerCase(java.util.Locale.ROOT);
            boolean hostKey = lower.contains("host key") || lower.contains("server key");
            throw new PxciException(auth ? ErrorCode.UNAUTHORIZED : hostKey ? ErrorCode.FAILED : ErrorCode.TRANSIENT,
                    redact.apply("git push to " + uri + " failed: " + text),
                    auth ? "check gitea.token (or gitea.user and gitea.password), or the SSH key"
                            : hostKey ? "add the server's host key to the file in gitea.ssh-known-hosts"
                                    : "check that Gitea is reachable at " + uri, e);
        } catch (IOException e) {
            throw new PxciException(ErrorCode.FAILED, redact.apply("git push of " + request.tree() + " to " + uri
                    + " failed: " + e.getMessage()), null, e);
        } catch (org.eclipse.jgit.dircache.InvalidPathException e) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "cannot push " + request.tree() + ": " + e.getMessage(),
                    "rename the file; git cannot store that path");
        }
    }

    private PushResult outcome(PushRequest request, RepositoryRef repository, RemoteRefUpdate result, RevCommit head,
            ObjectId commit, ObjectId tree) {
        return switch (result.getStatus()) {
            case OK -> new PushResult(head == null ? Change.CREATED : Change.UPDATED, commit.name(), tree.name());
            case UP_TO_DATE -> new PushResult(Change.UNCHANGED, commit.name(), tree.name());
            case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> throw new PxciException(ErrorCode.CONFLICT,
                    "branch " + request.branch() + " of " + repository + " changed while pxci was pushing",
                    "run again; pxci will build on the new head if it made it");
            default -> throw new PxciException(ErrorCode.FAILED, redact.apply("Gitea refused the push to branch "
                    + request.branch() + " of " + repository + ": " + result.getStatus()
                    + (result.getMessage() == null ? "" : " (" + result.getMessage() + ")")),
                    "check branch protection and the token's permissions");
        };
    }

    /** Whether the commit carries pxci's trailer. */
    public static boolean madeByPxci(RevCommit commit) {
        return commit.getFooterLines(TRAILER_KEY).contains("pxci");
    }

    private RevCommit fetchHead(Repository local, Transport transport, String refName) throws IOException {
        Ref advertised;
        try (FetchConnection connection = transport.openFetch()) {
            advertised = connection.getRef(refName);
        }
        if (advertised == null) {
            return null;
        }
        transport.fetch(NullProgressMonitor.INSTANCE, List.of(new RefSpec(refName + ":refs/remotes/gitea/" + refName.substring(11))));
        try (RevWalk walk = new RevWalk(local)) {
            return walk.parseCommit(advertised.getObjectId());
        }
    }

    private ObjectId writeCommit(Repository local, ObjectId tree, RevCommit parent, PushRequest request)
            throws IOException {
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(tree);
        if (parent != null) {
            commit.setParentId(parent);
        }
        PersonIdent now = new PersonIdent(committer, java.time.Instant.now());
        commit.setAuthor(new PersonIdent(new PersonIdent(request.author().name(), request.author().email()),
                java.time.Instant.now()));
        commit.setCommitter(now);
        commit.setMessage(request.message().stripTrailing() + "\n\n" + TRAILER + "\n");
        commit.setEncoding(StandardCharsets.UTF_8);
        try (ObjectInserter inserter = local.newObjectInserter()) {
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id;
        }
    }

    /** The git tree of the directory: regular and executable files and symbolic links; {@code .git} left out. */
    static ObjectId writeTree(Repository local, Path root) throws IOException {
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        try (ObjectInserter inserter = local.newObjectInserter()) {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return dir.getFileName() != null && dir.getFileName().toString().equals(Constants.DOT_GIT)
                            && !dir.equals(root) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String path = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                    DirCacheEntry entry;
                    if (attrs.isSymbolicLink()) {
                        entry = new DirCacheEntry(path);
                        entry.setFileMode(FileMode.SYMLINK);
                        entry.setObjectId(inserter.insert(Constants.OBJ_BLOB,
                                Files.readSymbolicLink(file).toString().getBytes(StandardCharsets.UTF_8)));
                    } else if (attrs.isRegularFile()) {
                        entry = new DirCacheEntry(path);
                        entry.setFileMode(Files.isExecutable(file) ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE);
                        entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, Files.readAllBytes(file)));
                    } else {
                        return FileVisitResult.CONTINUE;
                    }
                    builder.add(entry);
                    return FileVisitResult.CONTINUE;
                }
            });
            builder.finish();
            ObjectId tree = index.writeTree(inserter);
            inserter.flush();
            return tree;
        }
    }
}
