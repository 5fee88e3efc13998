package dev.pxci.adapter.gitea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pxci.adapter.gitea.internal.AccessTokens;
import dev.pxci.adapter.gitea.internal.ActionsNames;
import dev.pxci.adapter.gitea.internal.GitRemote;
import dev.pxci.adapter.gitea.internal.GiteaHttp;
import dev.pxci.adapter.gitea.internal.GiteaSettings;
import dev.pxci.adapter.gitea.internal.GiteaVersion;
import dev.pxci.adapter.gitea.internal.HttpGitRemote;
import dev.pxci.adapter.gitea.internal.SshGitRemote;
import dev.pxci.adapter.gitea.internal.TreePusher;
import dev.pxci.ports.Change;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.forge.Forge;
import dev.pxci.ports.forge.ForgeFeature;
import dev.pxci.ports.forge.ForgeInfo;
import dev.pxci.ports.forge.ForgeScope;
import dev.pxci.ports.forge.PushRequest;
import dev.pxci.ports.forge.PushResult;
import dev.pxci.ports.forge.RepositoryRef;
import dev.pxci.ports.forge.RepositorySettings;
import dev.pxci.ports.forge.WorkflowRun;
import dev.pxci.ports.time.Backoff;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * The {@link Forge} port over Gitea's REST API ({@code /api/v1}, token header auth) and git pushes
 * with JGit. The release is read once from {@code /version} and decides which calls are made (see
 * {@link GiteaVersion#features()}); a feature the release lacks fails with {@code UNSUPPORTED}
 * before anything is sent. Thread-safe.
 */
public final class GiteaForge implements Forge {
    private static final Duration MAX_POLL = Duration.ofSeconds(15);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final GiteaSettings settings;
    private final GiteaHttp http;
    private final AccessTokens tokens;
    private final GitRemote gitRemote;
    private final TreePusher pusher;
    private ForgeInfo info;
    private GiteaVersion version;

    GiteaForge(GiteaSettings settings) {
        this.settings = settings;
        this.http = new GiteaHttp(settings.url(), settings.insecure(), settings.timeout());
        this.tokens = new AccessTokens(http, settings.token(), settings.user(), settings.password());
        this.gitRemote = settings.sshUrl().isPresent()
                ? new SshGitRemote(settings.sshUrl().get(), settings.sshKey().orElseThrow(),
                        settings.sshKnownHosts().orElseThrow())
                : new HttpGitRemote(settings.url(), tokens, settings.insecure());
        this.pusher = new TreePusher(gitRemote, new PersonIdent(settings.committerName(), settings.committerEmail()),
                settings.timeout(), http::redacted);
    }

    @Override
    public synchronized ForgeInfo info() {
        if (info == null) {
            String path = "/version";
            GiteaHttp.Response response = http.exchange("GET", path, null, tokens.headerIfKnown());
            if (response.status() != 200) {
                throw http.failure("GET", path, response, "reading Gitea's version");
            }
            version = GiteaVersion.parse(response.body().path("version").asText(""));
            info = new ForgeInfo("Gitea", version.text(), version.features(), settings.warnings());
        }
        return info;
    }

    private synchronized GiteaVersion version() {
        info();
        return version;
    }

    private void require(ForgeFeature feature, String what) {
        if (!info().supports(feature)) {
            throw new PxciException(ErrorCode.UNSUPPORTED, "Gitea " + version() + " at " + settings.url()
                    + " does not offer " + what + " (" + feature + ")", "upgrade Gitea; "
                    + switch (feature) {
                        case ACTIONS_SECRETS -> "Actions secrets need 1.20 or later";
                        case ACTIONS_VARIABLES -> "this needs 1.22 or later";
                        case WORKFLOW_RUNS_API -> "the runs API needs 1.25 or later";
                    });
        }
    }

    private GiteaHttp.Response call(String method, String path, Object body) {
        return http.exchange(method, path, body, tokens.header());
    }

    @Override
    public Change ensureOrganization(String name) {
        String org = ActionsNames.ownerOrRepository("organisation", name);
        String path = "/orgs/" + GiteaHttp.segment(org);
        GiteaHttp.Response found = call("GET", path, null);
        if (found.status() == 200) {
            return Change.UNCHANGED;
        }
        if (found.status() != 404) {
            throw http.failure("GET", path, found, "looking up organisation " + org);
        }
        GiteaHttp.Response created = call("POST", "/orgs", JSON.objectNode().put("username", org));
        if (created.status() == 201) {
            return Change.CREATED;
        }
        if (created.status() == 422 && call("GET", path, null).status() == 200) {
            return Change.UNCHANGED; // created by someone else in between
        }
        throw http.failure("POST", "/orgs", created, "creating organisation " + org);
    }

    @Override
    public Change ensureRepository(RepositoryRef repository, RepositorySettings wanted) {
        String owner = ActionsNames.ownerOrRepository("organisation", repository.owner());
        String name = ActionsNames.ownerOrRepository("repository", repository.name());
        String createPath = "/orgs/" + GiteaHttp.segment(owner) + "/repos";
        ObjectNode create = JSON.objectNode().put("name", name).put("description", wanted.description())
                .put("private", wanted.isPrivate()).put("default_branch", wanted.defaultBranch())
                .put("auto_init", false);
        GiteaHttp.Response created = call("POST", createPath, create);
        JsonNode current;
        Change change;
        if (created.status() == 201) {
            current = created.body();
            change = Change.CREATED;
        } else if (created.status() == 409) {
            String path = repoPath(repository);
            GiteaHttp.Response existing = call("GET", path, null);
            if (existing.status() != 200) {
                throw http.failure("GET", path, existing, "reading repository " + repository);
            }
            current = existing.body();
            change = Change.UNCHANGED;
        } else if (created.status() == 404) {
            throw new PxciException(ErrorCode.NOT_FOUND, http.failure("POST", createPath, created,
                    "creating repository " + repository).getMessage(),
                    "create the organisation " + owner + " first (ensureOrganization)");
        } else {
            throw http.failure("POST", createPath, created, "creating repository " + repository);
        }
        ObjectNode fix = JSON.objectNode();
        if (!current.path("description").asText("").equals(wanted.description())) {
            fix.put("description", wanted.description());
        }
        if (current.path("private").asBoolean(!wanted.isPrivate()) != wanted.isPrivate()) {
            fix.put("private", wanted.isPrivate());
        }
        if (!current.path("default_branch").asText("").equals(wanted.defaultBranch())) {
            fix.put("default_branch", wanted.defaultBranch());
        }
        if (current.path("has_actions").asBoolean(!wanted.actionsEnabled()) != wanted.actionsEnabled()) {
            fix.put("has_actions", wanted.actionsEnabled());
        }
        if (fix.isEmpty()) {
            return change;
        }
        String path = repoPath(repository);
        GiteaHttp.Response patched = call("PATCH", path, fix);
        if (patched.status() != 200) {
            throw http.failure("PATCH", path, patched, "changing " + fix.properties().stream()
                    .map(Map.Entry::getKey).toList() + " of repository " + repository);
        }
        return change == Change.CREATED ? Change.CREATED : Change.UPDATED;
    }

    @Override
    public Change putSecret(ForgeScope scope, String name, Secret value) {
        require(ForgeFeature.ACTIONS_SECRETS, "Actions secrets");
        String stored = ActionsNames.secretOrVariable("secret", name, version());
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "the Actions secret " + stored + " for " + scope
                    + " is empty; Gitea requires a value", "give the secret a value");
        }
        http.redact(value);
        String path = actionsPath(scope) + "/secrets/" + GiteaHttp.segment(stored);
        GiteaHttp.Response response = call("PUT", path, JSON.objectNode().put("data", value.reveal()));
        return switch (response.status()) {
            case 201 -> Change.CREATED;
            case 204 -> Change.UPDATED;
            default -> throw http.failure("PUT", path, response, "setting Actions secret " + stored + " of " + scope);
        };
    }

    @Override
    public Change putVariable(ForgeScope scope, String name, String value) {
        require(ForgeFeature.ACTIONS_VARIABLES, "Actions variables");
        String stored = ActionsNames.secretOrVariable("variable", name, version());
        if (value == null || value.isEmpty()) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "the Actions variable " + stored + " for " + scope
                    + " is empty; Gitea requires a value", "give the variable a value, or leave it out");
        }
        String path = actionsPath(scope) + "/variables/" + GiteaHttp.segment(stored);
        GiteaHttp.Response current = call("GET", path, null);
        if (current.status() == 200) {
            if (normalised(current.body().path("data").asText("")).equals(normalised(value))) {
                return Change.UNCHANGED;
            }
            return updateVariable(path, scope, stored, value);
        }
        if (current.status() != 404) {
            throw http.failure("GET", path, current, "reading Actions variable " + stored + " of " + scope);
        }
        GiteaHttp.Response created = call("POST", path, JSON.objectNode().put("value", value));
        if (created.is(201, 204)) {
            return Change.CREATED;
        }
        if (created.status() == 409) {
            return updateVariable(path, scope, stored, value); // created by someone else in between
        }
        throw http.failure("POST", path, created, "creating Actions variable " + stored + " of " + scope);
    }

    private Change updateVariable(String path, ForgeScope scope, String stored, String value) {
        GiteaHttp.Response updated = call("PUT", path, JSON.objectNode().put("value", value));
        if (!updated.is(200, 201, 204)) {
            throw http.failure("PUT", path, updated, "updating Actions variable " + stored + " of " + scope);
        }
        return Change.UPDATED;
    }

    /** Gitea keeps line breaks of variable values as {@code \n}. */
    private static String normalised(String value) {
        return value.replace("\r\n", "\n");
    }

    @Override
    public PushResult push(PushRequest request) {
        ActionsNames.ownerOrRepository("organisation", request.repository().owner());
        ActionsNames.ownerOrRepository("repository", request.repository().name());
        return pusher.push(request);
    }

    @Override
    public Optional<WorkflowRun> latestRun(RepositoryRef repository, String branch) {
        require(ForgeFeature.WORKFLOW_RUNS_API, "the Actions runs API");
        return newestRun(repository, "branch=" + GiteaHttp.query(branch));
    }

    private Optional<WorkflowRun> newestRun(RepositoryRef repository, String filter) {
        String path = repoPath(repository) + "/actions/runs?" + filter + "&page=1&limit=1";
        GiteaHttp.Response response = call("GET", path, null);
        if (response.status() != 200) {
            throw http.failure("GET", path, response, "listing Actions runs of " + repository);
        }
        JsonNode newest = null;
        for (JsonNode run : response.body().path("workflow_runs")) {
            if (newest == null || run.path("id").asLong() > newest.path("id").asLong()) {
                newest = run;
            }
        }
        return Optional.ofNullable(newest).map(GiteaForge::toRun);
    }

    @Override
    public WorkflowRun follow(RepositoryRef repository, long runId, Duration deadline, Consumer<WorkflowRun> onChange) {
        require(ForgeFeature.WORKFLOW_RUNS_API, "the Actions runs API");
        Backoff.Wait wait = polling().start(deadline, "waiting for Gitea");
        WorkflowRun last = null;
        while (true) {
            WorkflowRun run;
            try {
                run = getRun(repository, runId);
            } catch (PxciException e) {
                if (!e.retryable() || wait.expired()) {
                    throw e;
                }
                wait.pause();
                continue;
            }
            if (last == null || !last.status().equals(run.status()) || !last.conclusion().equals(run.conclusion())) {
                onChange.accept(run);
                wait.restart();
            }
            last = run;
            if (run.completed()) {
                return run;
            }
            if (wait.expired()) {
                throw new PxciException(ErrorCode.TIMEOUT, "run " + runId + " of " + repository + " is still "
                        + run.status() + " after " + deadline, "look at " + run.url()
                        + "; a run stays queued while no online runner has its labels");
            }
            wait.pause();
        }
    }

    private WorkflowRun getRun(RepositoryRef repository, long runId) {
        String path = repoPath(repository) + "/actions/runs/" + runId;
        GiteaHttp.Response response = call("GET", path, null);
        if (response.status() != 200) {
            throw http.failure("GET", path, response, "reading run " + runId + " of " + repository);
        }
        return toRun(response.body());
    }

    private static WorkflowRun toRun(JsonNode run) {
        String conclusion = run.path("conclusion").asText("");
        String url = run.path("html_url").asText(run.path("url").asText(""));
        return new WorkflowRun(run.path("id").asLong(), run.path("status").asText("unknown"),
                conclusion.isBlank() ? Optional.empty() : Optional.of(conclusion), url);
    }

    /** Polls that start at the poll interval and double up to {@link #MAX_POLL}. */
    private Backoff polling() {
        Duration first = settings.pollInterval();
        return Backoff.exponential(first, first.compareTo(MAX_POLL) > 0 ? first : MAX_POLL);
    }

    private static String repoPath(RepositoryRef repository) {
        return "/repos/" + GiteaHttp.segment(ActionsNames.ownerOrRepository("organisation", repository.owner()))
                + "/" + GiteaHttp.segment(ActionsNames.ownerOrRepository("repository", repository.name()));
    }

    private static String actionsPath(ForgeScope scope) {
        return scope.repository().map(r -> repoPath(new RepositoryRef(scope.owner(), r)))
                .orElseGet(() -> "/orgs/" + GiteaHttp.segment(ActionsNames.ownerOrRepository("organisation",
                        scope.owner()))) + "/actions";
    }

    @Override
    public void close() {
        gitRemote.close();
        http.close();
    }
}
