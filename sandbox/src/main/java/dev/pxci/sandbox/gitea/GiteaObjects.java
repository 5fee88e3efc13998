package dev.pxci.sandbox.gitea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import org.eclipse.jgit.lib.Constants;

/**
 * The JSON objects of Gitea's API ({@code modules/structs}, filled as {@code services/convert}
 * fills them) for what the simulator holds: repositories, organisations, users, runs, workflows,
 * secrets, variables, runners, tokens and keys, with URLs under the simulator's ROOT_URL.
 */
final class GiteaObjects {
    private static final String NEVER = "0001-01-01T00:00:00Z";

    private final GiteaState state;
    private final SimulatedVersion version;
    private final Supplier<String> baseUrl;
    private final ObjectMapper json = new ObjectMapper();
    private final String started = now();

    GiteaObjects(GiteaState state, SimulatedVersion version, Supplier<String> baseUrl) {
        this.state = state;
        this.version = version;
        this.baseUrl = baseUrl;
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    ArrayNode array() {
        return json.createArrayNode();
    }

    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    String apiUrl(String path) {
        return baseUrl.get() + "/api/v1" + path;
    }

    JsonNode organization(GiteaState.Organization org) {
        return object().put("id", org.id).put("name", org.name).put("full_name", org.fullName)
                .put("email", org.email).put("avatar_url", baseUrl.get() + "/avatars/" + org.id)
                .put("description", org.description).put("website", org.website).put("location", org.location)
                .put("visibility", org.visibility).put("repo_admin_change_team_access", org.repoAdminChangeTeamAccess)
                .put("username", org.name);
    }

    /** A user as Gitea shows an account; the e-mail address only to the account itself and admins. */
    ObjectNode user(GiteaState.User user, GiteaState.User viewer) {
        boolean private_ = viewer == null || !(viewer.admin || viewer.name.equalsIgnoreCase(user.name));
        return object().put("id", user.id).put("login", user.name).put("login_name", "").put("source_id", 0)
                .put("full_name", "").put("email", private_ ? "" : user.email)
                .put("avatar_url", baseUrl.get() + "/avatars/" + user.id).put("html_url", baseUrl.get() + "/" + user.name)
                .put("language", "").put("is_admin", user.admin).put("last_login", NEVER).put("created", started)
                .put("restricted", false).put("active", true).put("prohibit_login", false).put("location", "")
                .put("website", "").put("description", "").put("visibility", "public").put("followers_count", 0)
                .put("following_count", 0).put("starred_repos_count", 0).put("username", user.name);
    }

    /** The owner of a repository or run: its organisation, in Gitea's User shape. */
    private ObjectNode owner(GiteaState.Organization org) {
        return object().put("id", org.id).put("login", org.name).put("login_name", "").put("source_id", 0)
                .put("full_name", org.fullName).put("email", org.email)
                .put("avatar_url", baseUrl.get() + "/avatars/" + org.id).put("html_url", baseUrl.get() + "/" + org.name)
                .put("language", "").put("is_admin", false).put("last_login", NEVER).put("created", started)
                .put("restricted", false).put("active", false).put("prohibit_login", false)
                .put("location", org.location).put("website", org.website).put("description", org.description)
                .put("visibility", org.visibility).put("followers_count", 0).put("following_count", 0)
                .put("starred_repos_count", 0).put("username", org.name);
    }

    JsonNode repository(GiteaState.Repo repo, GiteaState.User viewer) {
        String base = baseUrl.get();
        String html = base + "/" + repo.owner + "/" + repo.name;
        GiteaState.Organization org = state.requireOrganization(repo.owner);
        boolean owner = org.ownedBy(viewer);
        ObjectNode out = object().put("id", repo.id);
        out.set("owner", owner(org));
        out.put("name", repo.name).put("full_name", repo.owner + "/" + repo.name).put("description", repo.description)
                .put("empty", repo.empty()).put("private", repo.isPrivate).put("fork", false).put("template", false)
                .putNull("parent");
        out.put("mirror", false).put("size", 0).put("language", "")
                .put("languages_url", apiUrl("/repos/" + repo.owner + "/" + repo.name + "/languages"))
                .put("html_url", html).put("url", apiUrl("/repos/" + repo.owner + "/" + repo.name))
                .put("link", "").put("ssh_url", "git@" + URI.create(base).getHost() + ":" + repo.owner + "/"
                        + repo.name + ".git")
                .put("clone_url", html + ".git").put("original_url", "").put("website", "").put("stars_count", 0)
                .put("forks_count", 0).put("watchers_count", 1).put("open_issues_count", 0).put("open_pr_counter", 0)
                .put("release_counter", 0).put("default_branch", repo.defaultBranch).put("archived", false)
                .put("created_at", repo.createdAt).put("updated_at", repo.updatedAt).put("archived_at", "1970-01-01T00:00:00Z");
        out.putObject("permissions").put("admin", owner).put("push", owner).put("pull", true);
        out.put("has_code", true).put("has_issues", true);
        out.putObject("internal_tracker").put("enable_time_tracker", true)
                .put("allow_only_contributors_to_track_time", true).put("enable_issue_dependencies", true);
        out.put("has_wiki", true).put("has_pull_requests", true).put("has_projects", true).put("projects_mode", "all")
                .put("has_releases", true).put("has_packages", true).put("has_actions", repo.hasActions)
                .put("ignore_whitespace_conflicts", false).put("allow_merge_commits", true).put("allow_rebase", true)
                .put("allow_rebase_explicit", true).put("allow_squash_merge", true)
                .put("allow_fast_forward_only_merge", true).put("allow_rebase_update", true)
                .put("allow_manual_merge", false).put("autodetect_manual_merge", false)
                .put("default_delete_branch_after_merge", false).put("default_merge_style", "merge")
                .put("default_allow_maintainer_edit", false).put("avatar_url", "").put("internal", false)
                .put("mirror_interval", "").put("object_format_name", "sha1").put("mirror_updated", NEVER)
                .putNull("repo_transfer");
        out.putArray("topics");
        out.putArray("licenses");
        if (version == SimulatedVersion.V1_26_1) {
            out.put("default_target_branch", "");
        }
        return out;
    }

    JsonNode run(SimulatedRun run, GiteaState.User viewer) {
        ObjectNode out = object().put("id", run.id()).put("url", runApiUrl(run)).put("html_url", runHtmlUrl(run))
                .put("display_title", run.title()).put("path", run.workflowFile() + "@" + Constants.R_HEADS + run.branch())
                .put("event", run.event()).put("run_attempt", 1).put("run_number", run.runNumber())
                .put("head_sha", run.headSha()).put("head_branch", run.branch()).put("status", run.status())
                .put("conclusion", run.conclusion().orElse("")).put("started_at", run.createdAt());
        if (run.status().equals("completed")) {
            out.put("completed_at", now());
        } else {
            out.put("completed_at", NEVER);
        }
        state.repository(run.owner(), run.repository()).ifPresent(r -> {
            out.put("repository_id", r.id);
            out.set("repository", repository(r, viewer));
            out.set("head_repository", repository(r, viewer));
        });
        state.user(run.actor()).ifPresent(u -> {
            out.set("actor", user(u, viewer));
            out.set("trigger_actor", user(u, viewer));
        });
        return out;
    }

    String runApiUrl(SimulatedRun run) {
        return apiUrl("/repos/" + run.owner() + "/" + run.repository() + "/actions/runs/" + run.id());
    }

    String runHtmlUrl(SimulatedRun run) {
        return baseUrl.get() + "/" + run.owner() + "/" + run.repository() + "/actions/runs/" + run.runNumber();
    }

    JsonNode workflow(GiteaState.Repo repo, WorkflowTriggers.Workflow workflow, String committedAt) {
        String html = baseUrl.get() + "/" + repo.owner + "/" + repo.name;
        String file = workflow.fileName();
        return object().put("id", file).put("name", file).put("path", workflow.directory() + "/" + file)
                .put("state", repo.disabledWorkflows.contains(file) ? "disabled_manually" : "active")
                .put("created_at", committedAt).put("updated_at", committedAt)
                .put("url", apiUrl("/repos/" + repo.owner + "/" + repo.name + "/actions/workflows/" + file))
                .put("html_url", html + "/src/branch/" + repo.defaultBranch + "/" + workflow.directory() + "/" + file)
                .put("badge_url", html + "/actions/workflows/" + file + "/badge.svg?branch="
                        + URLEncoder.encode(repo.defaultBranch, StandardCharsets.UTF_8))
                .put("deleted_at", NEVER);
    }

    JsonNode secret(String name, GiteaState.SecretInfo info) {
        return object().put("name", name).put("description", info.description()).put("created_at", info.createdAt());
    }

    JsonNode variable(GiteaState.ActionsSettings settings, String name, long repoId, long ownerId) {
        return object().put("owner_id", ownerId).put("repo_id", repoId).put("name", name)
                .put("data", settings.variables.get(name))
                .put("description", settings.variableDescriptions.getOrDefault(name, ""));
    }

    JsonNode runner(GiteaState.Runner runner) {
        boolean online = runner.lastOnline > 0
                && Instant.now().getEpochSecond() - runner.lastOnline < RunnerService.OFFLINE_AFTER_SECONDS;
        ObjectNode out = object().put("id", runner.id).put("name", runner.name)
                .put("status", online ? "online" : "offline").put("busy", false).put("ephemeral", runner.ephemeral);
        ArrayNode labels = out.putArray("labels");
        for (int i = 0; i < runner.labels.size(); i++) {
            labels.addObject().put("id", i).put("name", runner.labels.get(i)).put("type", "custom");
        }
        if (version.runnerDisabling) {
            out.put("disabled", runner.disabled);
        }
        return out;
    }

    ObjectNode token(GiteaState.AccessToken token) {
        ObjectNode out = object().put("id", token.id()).put("name", token.name()).put("sha1", "")
                .put("token_last_eight", token.lastEight());
        ArrayNode scopes = out.putArray("scopes");
        token.scopes().stream().sorted().forEach(scopes::add);
        return out.put("created_at", started).put("last_used_at", NEVER);
    }

    JsonNode key(GiteaState.PublicKey key) {
        return object().put("id", key.id()).put("key", key.key())
                .put("url", apiUrl("/user/keys/" + key.id())).put("title", key.title())
                .put("fingerprint", "").put("created_at", key.created()).put("read_only", key.readOnly())
                .put("key_type", "user");
    }
}
