package dev.pxci.sandbox.gitea;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.RefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;

/**
 * Git's smart HTTP protocol (protocol v0) over the simulator's bare repositories, with JGit's
 * {@link UploadPack} and {@link ReceivePack} doing the git side: {@code GET
 * /{owner}/{repo}.git/info/refs?service=...} answers the pkt-line service advertisement, {@code POST
 * .../git-upload-pack} and {@code .../git-receive-pack} run the service. Authentication is HTTP Basic
 * as Gitea takes it (password, or a token as password or as user name); a push needs write access.
 * A push to a branch starts the runs whose workflow files ask for it.
 */
final class GitSmartHttp {
    static final Pattern PATH =
            Pattern.compile("/([^/]+)/([^/]+?)(?:\\.git)?/(info/refs|git-upload-pack|git-receive-pack)");
    private static final String UPLOAD = "git-upload-pack";
    private static final String RECEIVE = "git-receive-pack";

    private final GiteaState state;
    private final ActionsJobs jobs;

    GitSmartHttp(GiteaState state, ActionsJobs jobs) {
        this.state = state;
        this.jobs = jobs;
    }

    void handle(ClassicHttpRequest request, ClassicHttpResponse response, Matcher path, String service)
            throws IOException {
        GiteaState.Repo repo;
        synchronized (state) {
            repo = state.repository(path.group(1), path.group(2)).orElse(null);
        }
        String action = path.group(3);
        String wanted = action.equals("info/refs") ? service : action;
        if (!UPLOAD.equals(wanted) && !RECEIVE.equals(wanted)) {
            text(response, 403, "Unsupported service: only smart HTTP is served");
            return;
        }
        Caller caller = caller(header(request, "Authorization"), repo);
        Access access = caller.access();
        if (access == Access.INVALID || (access == Access.NONE && (RECEIVE.equals(wanted)
                || repo == null || repo.isPrivate))) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"Gitea\"");
            text(response, 401, "Unauthorized");
            return;
        }
        if (repo == null) {
            text(response, 404, "Repository not found");
            return;
        }
        if (RECEIVE.equals(wanted) && access != Access.WRITE) {
            text(response, 403, "token does not have at least one of required scope(s), required=[write:repository]");
            return;
        }
        if (action.equals("info/refs")) {
            advertise(response, repo, wanted);
        } else if (!("application/x-" + wanted + "-request").equals(contentType(request))) {
            text(response, 415, "Unsupported Media Type");
        } else {
            serve(request, response, repo, wanted, caller.user());
        }
    }

    private enum Access { NONE, INVALID, READ, WRITE }

    /** What the caller may do, and as whom. */
    private record Caller(Access access, String user) {
    }

    private Caller caller(String authorization, GiteaState.Repo repo) {
        if (authorization == null || authorization.isBlank()) {
            return new Caller(Access.NONE, "");
        }
        String[] parts = authorization.trim().split("\\s+", 2);
        String credential = parts.length > 1 ? parts[1] : "";
        String scheme = parts[0].toLowerCase(Locale.ROOT);
        if (scheme.equals("token") || scheme.equals("bearer")) {
            return tokenAccess(credential, repo);
        }
        if (!scheme.equals("basic")) {
            return new Caller(Access.INVALID, "");
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(credential), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new Caller(Access.INVALID, "");
        }
        int colon = pair.indexOf(':');
        String user = colon < 0 ? pair : pair.substring(0, colon);
        String password = colon < 0 ? "" : pair.substring(colon + 1);
        synchronized (state) {
            Optional<GiteaState.User> account = state.login(user, password);
            if (account.isPresent()) {
                return new Caller(account.get().admin ? Access.WRITE : Access.READ, account.get().name);
            }
        }
        if (password.isEmpty() || password.equals("x-oauth-basic")) {
            return tokenAccess(user, repo);
        }
        return tokenAccess(password, repo);
    }

    /** An access token, or the token of a running Actions task, which reads its own run's repository only. */
    private Caller tokenAccess(String value, GiteaState.Repo repo) {
        RestApi.Principal who;
        synchronized (state) {
            Optional<ActionsJobs.Job> task = jobs.byToken(value);
            if (task.isPresent()) {
                SimulatedRun run = jobs.runOf(task.get()).orElseThrow();
                boolean own = repo != null && run.owner().equalsIgnoreCase(repo.owner)
                        && run.repository().equalsIgnoreCase(repo.name);
                return own ? new Caller(Access.READ, "gitea-actions") : new Caller(Access.INVALID, "");
            }
            GiteaState.AccessToken token = state.token(value).orElse(null);
            GiteaState.User owner = token == null ? null : state.user(token.owner()).orElse(null);
            if (owner == null) {
                return new Caller(Access.INVALID, "");
            }
            who = new RestApi.Principal(owner, false, token.scopes());
        }
        // accounts other than site admins are members of nothing here: they may only read
        Access access = who.allows("repository", true) && who.siteAdmin() ? Access.WRITE
                : who.allows("repository", false) ? Access.READ : Access.INVALID;
        return new Caller(access, who.user().name);
    }

    private static void advertise(ClassicHttpResponse response, GiteaState.Repo repo, String service)
            throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PacketLineOut pktLine = new PacketLineOut(buffer);
        pktLine.writeString("# service=" + service + "\n");
        pktLine.end();
        RefAdvertiser.PacketLineOutRefAdvertiser advertiser = new RefAdvertiser.PacketLineOutRefAdvertiser(pktLine);
        if (service.equals(UPLOAD)) {
            UploadPack upload = new UploadPack(repo.git);
            upload.setBiDirectionalPipe(false);
            upload.sendAdvertisedRefs(advertiser);
        } else {
            ReceivePack receive = new ReceivePack(repo.git);
            receive.setBiDirectionalPipe(false);
            receive.sendAdvertisedRefs(advertiser);
        }
        response.setCode(200);
        response.setHeader("Cache-Control", "no-cache, max-age=0, must-revalidate");
        response.setEntity(new ByteArrayEntity(buffer.toByteArray(),
                ContentType.create("application/x-" + service + "-advertisement")));
    }

    private void serve(ClassicHttpRequest request, ClassicHttpResponse response, GiteaState.Repo repo,
            String service, String pusher) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = body(request)) {
            if (service.equals(UPLOAD)) {
                UploadPack upload = new UploadPack(repo.git);
                upload.setBiDirectionalPipe(false);
                upload.upload(in, out, null);
            } else {
                ReceivePack receive = new ReceivePack(repo.git);
                receive.setBiDirectionalPipe(false);
                receive.setPostReceiveHook((rp, commands) -> startPushRuns(repo, commands, pusher));
                receive.receive(in, out, null);
            }
        }
        response.setCode(200);
        response.setHeader("Cache-Control", "no-cache, max-age=0, must-revalidate");
        response.setEntity(new ByteArrayEntity(out.toByteArray(),
                ContentType.create("application/x-" + service + "-result")));
    }

    private void startPushRuns(GiteaState.Repo repo, Collection<ReceiveCommand> commands, String pusher) {
        for (ReceiveCommand command : commands) {
            if (command.getResult() != ReceiveCommand.Result.OK || command.getType() == ReceiveCommand.Type.DELETE
                    || !command.getRefName().startsWith(Constants.R_HEADS)) {
                continue;
            }
            String branch = command.getRefName().substring(Constants.R_HEADS.length());
            try (RevWalk walk = new RevWalk(repo.git)) {
                RevCommit commit = walk.parseCommit(command.getNewId());
                if (WorkflowTriggers.skipsCi(commit.getFullMessage())) {
                    continue;
                }
                for (WorkflowTriggers.Workflow workflow : WorkflowTriggers.read(repo.git, commit)) {
                    if (workflow.startsOnPushTo(branch)) {
                        synchronized (state) {
                            if (repo.hasActions) {
                                state.addRun(repo, workflow.fileName(), "push", branch, commit.name(),
                                        commit.getShortMessage(), pusher);
                                state.save();
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static InputStream body(ClassicHttpRequest request) throws IOException {
        HttpEntity entity = request.getEntity();
        InputStream in = entity == null ? InputStream.nullInputStream() : entity.getContent();
        String encoding = header(request, "Content-Encoding");
        return encoding != null && encoding.toLowerCase(Locale.ROOT).contains("gzip") ? new GZIPInputStream(in) : in;
    }

    private static String contentType(ClassicHttpRequest request) {
        String value = header(request, "Content-Type");
        return value == null ? null : value.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    private static String header(ClassicHttpRequest request, String name) {
        Header header = request.getFirstHeader(name);
        return header == null ? null : header.getValue();
    }

    private static void text(ClassicHttpResponse response, int status, String message) {
        response.setCode(status);
        response.setEntity(new StringEntity(message + "\n", ContentType.TEXT_PLAIN));
    }
}
