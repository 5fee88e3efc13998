package dev.pxci.sandbox.gitea;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A state directory that outlives the simulator's process: {@code state.json} (organisations,
 * repositories, variables, token hashes, runs, the next id), {@code secrets.json} (Actions secrets
 * and runner registration tokens) and {@code admin.json} (the admin's name and password), each
 * readable by the owner only and replaced atomically (a temporary file renamed over it) when its
 * content changes; the bare repositories under {@code git/<owner>/<repo>.git} (or under another
 * repository root, as Gitea's {@code [repository] ROOT}); and a {@code lock} file that one
 * simulator at a time holds with an OS lock. The documents are read once, at start. Without a
 * built-in admin (accounts made through the Gitea command line) there is no {@code admin.json}.
 */
final class StateDirectory implements Storage {
    private static final String STATE = "state.json";
    private static final String SECRETS = "secrets.json";
    private static final String ADMIN = "admin.json";
    private static final String LOCK = "lock";
    private static final String OWNER_ONLY_FILE = "rw-------";
    private static final String OWNER_ONLY_DIRECTORY = "rwx------";

    private final Path root;
    private final Path gitRoot;
    private final SimulatedVersion version;
    private final FileChannel lock;
    private final boolean posix;
    private final ObjectMapper json = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
    private final ObjectWriter writer = json.writerWithDefaultPrettyPrinter();
    /** What each document holds on disk, so an unchanged document is not written again. */
    private final Map<String, byte[]> written = new HashMap<>();

    private StateDirectory(Path root, Path gitRoot, SimulatedVersion version, FileChannel lock, boolean posix) {
        this.root = root;
        this.gitRoot = gitRoot;
        this.version = version;
        this.lock = lock;
        this.posix = posix;
    }

    /**
     * The state kept in {@code root} (an empty state when there is none yet), with the admin
     * account stored there, generated on first use. {@code requestedAdmin} is the admin name the
     * caller asked for, or null to take the stored one; with {@code defaultAdmin} null there is no
     * built-in admin. {@code gitRoot} holds the bare repositories, null for {@code root/git}.
     */
    static GiteaState load(Path root, Path gitRoot, SimulatedVersion version, String requestedAdmin,
            String defaultAdmin) {
        StateDirectory directory = open(root.toAbsolutePath(),
                gitRoot == null ? root.toAbsolutePath().resolve("git") : gitRoot.toAbsolutePath(), version);
        GiteaState state = null;
        try {
            StateDocuments.Admin admin = defaultAdmin == null ? new StateDocuments.Admin(null, null)
                    : directory.admin(requestedAdmin, defaultAdmin);
            state = new GiteaState(admin.user(), admin.password(), directory);
            directory.restore(state);
            state.ensureBuiltInAdmin();
            return state;
        } catch (RuntimeException e) {
            if (state == null) {
                directory.close();
            } else {
                state.close();
            }
            throw e;
        }
    }

    private static StateDirectory open(Path root, Path gitRoot, SimulatedVersion version) {
        boolean posix = root.getFileSystem().supportedFileAttributeViews().contains("posix");
        try {
            if (!Files.isDirectory(root)) {
                Files.createDirectories(root, permissions(posix, OWNER_ONLY_DIRECTORY));
            }
            FileChannel channel = FileChannel.open(root.resolve(LOCK), Set.of(StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE), permissions(posix, OWNER_ONLY_FILE));
            FileLock held;
            try {
                held = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                held = null;
            }
            if (held == null) {
                channel.close();
                throw new InUse("another Gitea simulator is using the state directory " + root
                        + "; stop it first or choose another directory");
            }
            return new StateDirectory(root, gitRoot, version, channel, posix);
        } catch (IOException e) {
            throw new UncheckedIOException("the Gitea simulator cannot use the state directory " + root, e);
        }
    }

    private StateDocuments.Admin admin(String requested, String defaultAdmin) {
        StateDocuments.Admin stored = read(ADMIN, StateDocuments.Admin.class);
        if (stored == null) {
            StateDocuments.Admin created = new StateDocuments.Admin(requested == null ? defaultAdmin : requested,
                    GiteaState.randomHex(12));
            write(ADMIN, created);
            return created;
        }
        if (requested != null && !requested.equalsIgnoreCase(stored.user())) {
            throw new IllegalStateException("the Gitea in " + root + " has the admin " + stored.user() + ", not "
                    + requested + "; ask for " + stored.user() + " or choose another directory");
        }
        return stored;
    }

    private void restore(GiteaState state) {
        StateDocuments.State saved = read(STATE, StateDocuments.State.class);
        if (saved == null) {
            return;
        }
        if (saved.format() < StateDocuments.OLDEST_READABLE_FORMAT || saved.format() > StateDocuments.FORMAT) {
            throw new IllegalStateException("the Gitea simulator's state in " + root + " has format "
                    + saved.format() + ", this simulator reads formats " + StateDocuments.OLDEST_READABLE_FORMAT
                    + " to " + StateDocuments.FORMAT + "; choose another directory");
        }
        SimulatedVersion savedVersion = SimulatedVersion.of(saved.giteaVersion());
        if (savedVersion.compareTo(version) > 0) {
            // as Gitea does: a database migrated by a newer release is not for an older one
            throw new IllegalStateException("the Gitea in " + root + " was last run as " + savedVersion.text
                    + " and cannot be downgraded to " + version.text + "; start " + savedVersion.text
                    + " or choose another directory");
        }
        StateDocuments.Secrets secrets = read(SECRETS, StateDocuments.Secrets.class);
        StateDocuments.restore(state, saved, secrets == null ? new StateDocuments.Secrets(Map.of(), Map.of(),
                Map.of(), Map.of(), Map.of()) : secrets, this::openRepository);
    }

    @Override
    public Repository createRepository(String owner, String name) {
        Path dir = gitDirectory(owner, name);
        if (Files.exists(dir)) {
            // Gitea's answer when the files of a repository it does not know are in its way
            throw new ApiException(500, "repository files already exist [uname: " + owner + ", name: " + name + "]");
        }
        try {
            Files.createDirectories(dir.getParent());
            Repository git = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
            git.create(true);
            return git;
        } catch (IOException e) {
            throw new UncheckedIOException("the Gitea simulator could not create the repository " + dir, e);
        }
    }

    @Override
    public void deleteRepository(String owner, String name) {
        Path dir = gitDirectory(owner, name);
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            throw new UncheckedIOException("the Gitea simulator could not delete the repository " + dir, e);
        }
    }

    private Repository openRepository(String owner, String name) {
        Path dir = gitDirectory(owner, name);
        try {
            return new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().setMustExist(true).build();
        } catch (RepositoryNotFoundException e) {
            throw new IllegalStateException("the Gitea in " + root + " lists the repository " + owner + "/" + name
                    + " but its git data at " + dir + " is missing; restore it or choose another directory", e);
        } catch (IOException e) {
            throw new UncheckedIOException("the Gitea simulator could not open the repository " + dir, e);
        }
    }

    private Path gitDirectory(String owner, String name) {
        return gitRoot.resolve(owner.toLowerCase(Locale.ROOT))
                .resolve(name.toLowerCase(Locale.ROOT) + ".git");
    }

    @Override
    public void save(GiteaState state) {
        write(STATE, StateDocuments.state(state, version));
        write(SECRETS, StateDocuments.secrets(state));
    }

    @Override
    public void close() {
        try {
            lock.close();
        } catch (IOException e) {
            throw new UncheckedIOException("the Gitea simulator could not release the lock of " + root, e);
        }
    }

    private <T> T read(String file, Class<T> type) {
        Path path = root.resolve(file);
        if (!Files.exists(path)) {
            return null;
        }
        try {
            byte[] content = Files.readAllBytes(path);
            T value = json.readValue(content, type);
            written.put(file, content);
            return value;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the Gitea simulator cannot read " + path + ": "
                    + e.getOriginalMessage() + "; repair or remove it", e);
        } catch (IOException e) {
            throw new UncheckedIOException("the Gitea simulator cannot read " + path, e);
        }
    }

    /** Replaces {@code file} with the document, through a temporary file renamed over it, if it changed. */
    private void write(String file, Object document) {
        Path target = root.resolve(file);
        try {
            byte[] content = writer.writeValueAsBytes(document);
            if (Arrays.equals(written.get(file), content)) {
                return;
            }
            Path temporary = Files.createTempFile(root, "." + file + "-", ".tmp", permissions(posix, OWNER_ONLY_FILE));
            try {
                try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                    ByteBuffer buffer = ByteBuffer.wrap(content);
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                    out.force(true);
                }
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
            written.put(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("the Gitea simulator could not save " + target, e);
        }
    }

    /** The refusal when another simulator holds the directory's lock. */
    static final class InUse extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        InUse(String message) {
            super(message);
        }
    }

    private static FileAttribute<?>[] permissions(boolean posix, String permissions) {
        return posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))}
                : new FileAttribute<?>[0];
    }
}
