package dev.pxci.sandbox.gitea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;

/**
 * The REST subset of {@code /api/v1} the forge adapter uses, with Gitea's status codes, bodies and
 * scope checks, in the shape of the chosen release. Paths are relative to {@code /api/v1}.
 */
final class RestApi {
    private static final String SEGMENT = "([^/]+)";

    private final GiteaState state;
    private final SimulatedVersion version;
    private final Supplier<String> baseUrl;
    private final ObjectMapper json = new ObjectMapper();
    private final List<Route> routes = new ArrayList<>();

    /** Who is calling: an account through its password, one of its tokens, or nobody. */
    record Principal(GiteaState.User user, boolean byPassword, Set<String> scopes) {
        static final Principal ANONYMOUS = new Principal(null, false, Set.of());

        boolean authenticated() {
            return user != null;
        }

        boolean siteAdmin() {
            return user != null && user.admin;
        }

        boolean allows(String category, boolean write) {
            return byPassword || scopes.contains("all") || scopes.contains("write:" + category)
                    || (!write && scopes.contains("read:" + category));
        }
    }

    /** A matched call: path parameters, query, parsed body, caller. */
    record Call(Matcher path, Map<String, String> query, JsonNode body, Principal who) {
        String param(int group) {
            return path.group(group);
        }

        String text(String field) {
            JsonNode node = body.get(field);
            return node == null || node.isNull() ? null : node.asText();
        }
    }

    /** The answer: a status and a JSON body, or none. */
    record Answer(int status, JsonNode body) {
    }

    private interface Action {
        Answer apply(Call call) throws IOException;
    }

    /** Who may call a route besides the scope of the token: anybody authenticated, or site admins only. */
    private enum Audience { SIGNED_IN, SITE_ADMIN }

    private record Route(String method, Pattern path, String scopeCategory, Audience audience, Action action) {
    }

    RestApi(GiteaState state, SimulatedVersion version, Supplier<String> baseUrl) {
        this.state = state;
        this.version = version;
        this.baseUrl = baseUrl;
        route("GET", "/version", null, c -> ok(json.createObjectNode().put("version", version.text)));
        route("POST", "/users/" + SEGMENT + "/tokens", null, this::createToken);
        route("GET", "/orgs/" + SEGMENT, "organization", c -> ok(orgJson(state.requireOrganization(c.param(1)))));
        route("POST", "/orgs", "organization", this::createOrganization);
        route("POST", "/orgs/" + SEGMENT + "/repos", "organization", this::createRepository);
        route("GET", "/repos/" + SEGMENT + "/" + SEGMENT, "repository",
                c -> ok(repoJson(state.requireRepository(c.param(1), c.param(2)))));
        route("PATCH", "/repos/" + SEGMENT + "/" + SEGMENT, "repository", this::editRepository);

        String repoActions = "/repos/" + SEGMENT + "/" + SEGMENT + "/actions";
        String orgActions = "/orgs/" + SEGMENT + "/actions";
        route("GET", repoActions + "/secrets", "repository", c -> ok(secretList(repoOf(c).secrets)));
        route("PUT", repoActions + "/secrets/" + SEGMENT, "repository", c -> putSecret(repoOf(c).secrets, c, 3));
        route("GET", orgActions + "/secrets", "organization", c -> ok(secretList(orgOf(c).secrets)));
        route("PUT", orgActions + "/secrets/" + SEGMENT, "organization", c -> putSecret(orgOf(c).secrets, c, 2));

        route("GET", repoActions + "/variables", "repository",
                c -> ok(variableList(repoOf(c).variables, repoOf(c).id, 0)));
        route("GET", repoActions + "/variables/" + SEGMENT, "repository",
                c -> ok(variableJson(repoOf(c).variables, c.param(3), repoOf(c).id, 0)));
        route("POST", repoActions + "/variables/" + SEGMENT, "repository",
                c -> createVariable(repoOf(c).variables, c, 3));
        route("PUT", repoActions + "/variables/" + SEGMENT, "repository",
                c -> updateVariable(repoOf(c).variables, c, 3));
        route("GET", orgActions + "/variables", "organization",
                c -> ok(variableList(orgOf(c).variables, 0, orgOf(c).id)));
        route("GET", orgActions + "/variables/" + SEGMENT, "organization",
                c -> ok(variableJson(orgOf(c).variables, c.param(2), 0, orgOf(c).id)));
        route("POST", orgActions + "/variables/" + SEGMENT, "organization",
                c -> createVariable(orgOf(c).variables, c, 2));
        route("PUT", orgActions + "/variables/" + SEGMENT, "organization",
                c -> updateVariable(orgOf(c).variables, c, 2));

        route("POST", repoActions + "/runners/registration-token", "repository", c -> repoRunnerToken(c));
        route("POST", orgActions + "/runners/registration-token", "organization", c -> orgRunnerToken(c));
        adminRoute("POST", "/admin/actions/runners/registration-token", "admin", c -> instanceRunnerToken());
        if (version.runnerTokenByGet) {
            route("GET", repoActions + "/runners/registration-token", "repository", c -> repoRunnerToken(c));
            route("GET", orgActions + "/runners/registration-token", "organization", c -> orgRunnerToken(c));
            adminRoute("GET", "/admin/runners/registration-token", "admin", c -> instanceRunnerToken());
        }
        route("GET", repoActions + "/runners", "repository", c -> runnerList(c, repoScopes(repoOf(c))));
        route("GET", repoActions + "/runners/([0-9]+)", "repository", c -> ok(runnerJson(runnerIn(c, 3,
                repoScopes(repoOf(c))))));
        route("DELETE", repoActions + "/runners/([0-9]+)", "repository", c -> deleteRunner(runnerIn(c, 3,
                List.of(repoOf(c).owner + "/" + repoOf(c).name))));
        route("GET", orgActions + "/runners", "organization", c -> runnerList(c, orgScopes(orgOf(c))));
        route("GET", orgActions + "/runners/([0-9]+)", "organization", c -> ok(runnerJson(runnerIn(c, 2,
                orgScopes(orgOf(c))))));
        route("DELETE", orgActions + "/runners/([0-9]+)", "organization", c -> deleteRunner(runnerIn(c, 2,
                List.of(orgOf(c).name))));
        adminRoute("GET", "/admin/actions/runners", "admin", c -> runnerList(c, null));
        adminRoute("GET", "/admin/actions/runners/([0-9]+)", "admin", c -> ok(runnerJson(runnerIn(c, 1, null))));
        adminRoute("DELETE", "/admin/actions/runners/([0-9]+)", "admin", c -> deleteRunner(runnerIn(c, 1, null)));

        route("GET", "/user", "user", c -> ok(userJson(c.who().user())));
        route("GET", "/user/keys", "user", c -> ok(keyList(c.who().user())));
        route("GET", "/users/" + SEGMENT + "/keys", "user", c -> ok(keyList(userOf(c))));
        adminRoute("PATCH", "/admin/users/" + SEGMENT, "admin", this::editUser);
        adminRoute("POST", "/admin/users/" + SEGMENT + "/keys", "admin", this::addKey);
        route("POST", repoActions + "/workflows/" + SEGMENT + "/dispatches", "repository", this::dispatch);
        if (version.runsApi) {
            route("GET", repoActions + "/runs", "repository", this::listRuns);
            route("GET", repoActions + "/runs/([0-9]+)", "repository", this::getRun);
        }
    }

    private void route(String method, String path, String scopeCategory, Action action) {
        routes.add(new Route(method, Pattern.compile(path), scopeCategory, Audience.SIGNED_IN, action));
    }

    private void adminRoute(String method, String path, String scopeCategory, Action action) {
        routes.add(new Route(method, Pattern.compile(path), scopeCategory, Audience.SITE_ADMIN, action));
    }

    /** Answers one request; {@code path} is relative to {@code /api/v1} and still URL-encoded. */
    Answer handle(String method, String path, Map<String, String> query, byte[] body, String authorization) {
        try {
            boolean pathKnown = false;
            for (Route route : routes) {
                Matcher m = route.path.matcher(path);
                if (!m.matches()) {
                    continue;
                }
                pathKnown = true;
                if (!route.method.equals(method)) {
                    continue;
                }
                Principal who = authenticate(authorization);
                if (route.scopeCategory != null) {
                    requireScope(who, route.scopeCategory, !method.equals("GET"));
                }
                if (route.audience == Audience.SITE_ADMIN && !who.siteAdmin()) {
                    throw new ApiException(403, "user should be the site admin");
                }
                Matcher decoded = route.path.matcher(decode(path));
                if (!decoded.matches()) {
                    throw ApiException.notFound();
                }
                synchronized (state) {
                    try {
                        return route.action.apply(new Call(decoded, query, parse(body), who));
                    } finally {
                        // also after a refusal, so what is kept never lags behind what is served
                        state.save();
                    }
                }
            }
            return pathKnown ? new Answer(405, null) : error(ApiException.notFound());
        } catch (ApiException e) {
            return error(e);
        } catch (IOException | UncheckedIOException e) {
            return error(new ApiException(500, "internal error: " + e.getMessage()));
        }
    }

    private Answer error(ApiException e) {
        return new Answer(e.status, json.createObjectNode().put("message", e.getMessage())
                .put("url", baseUrl.get() + "/api/swagger"));
    }

    private Principal authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Principal.ANONYMOUS;
        }
        String[] parts = authorization.trim().split("\\s+", 2);
        String scheme = parts[0].toLowerCase(Locale.ROOT);
        String credential = parts.length > 1 ? parts[1] : "";
        if (scheme.equals("token") || scheme.equals("bearer")) {
            return tokenPrincipal(credential);
        }
        if (scheme.equals("basic")) {
            String pair;
            try {
                pair = new String(Base64.getDecoder().decode(credential), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new ApiException(401, "invalid basic authentication");
            }
            int colon = pair.indexOf(':');
            String user = colon < 0 ? pair : pair.substring(0, colon);
            String password = colon < 0 ? "" : pair.substring(colon + 1);
            Optional<GiteaState.User> account;
            synchronized (state) {
                account = state.login(user, password);
            }
            if (account.isPresent()) {
                return new Principal(account.get(), true, Set.of("all"));
            }
            // Gitea accepts a token in place of the password
            return tokenPrincipal(password);
        }
        throw new ApiException(401, "unsupported authorization scheme");
    }

    private Principal tokenPrincipal(String value) {
        synchronized (state) {
            GiteaState.AccessToken token = state.token(value)
                    .orElseThrow(() -> new ApiException(401, "user does not exist [uid: 0, name: ]"));
            GiteaState.User owner = state.user(token.owner())
                    .orElseThrow(() -> new ApiException(401, "user does not exist [uid: 0, name: ]"));
            return new Principal(owner, false, token.scopes());
        }
    }

    private static void requireScope(Principal who, String category, boolean write) {
        if (!who.authenticated()) {
            throw new ApiException(401, "token is required");
        }
        if (!who.allows(category, write)) {
            throw new ApiException(403, "token does not have at least one of required scope(s), required=["
                    + (write ? "write:" : "read:") + category + "], token scope=" + String.join(",", who.scopes()));
        }
    }

    private Answer createToken(Call c) {
        if (!c.who().byPassword()) {
            throw new ApiException(401, "auth required");
        }
        if (!c.param(1).equalsIgnoreCase(c.who().user().name)) {
            throw new ApiException(403, "user should be the site admin or the user themselves");
        }
        String name = c.text("name");
        if (name == null || name.isBlank()) {
            throw new ApiException(422, "[Name]: Required");
        }
        if (state.hasToken(c.who().user().name, name)) {
            throw new ApiException(400, "access token name has been used already");
        }
        Set<String> scopes = new HashSet<>();
        JsonNode requested = c.body().get("scopes");
        if (requested != null) {
            requested.forEach(s -> scopes.add(s.asText()));
        }
        for (String scope : scopes) {
            if (!GiteaState.KNOWN_SCOPES.contains(scope)) {
                throw new ApiException(400, "invalid access token scope provided: " + scope);
            }
        }
        GiteaState.MintedToken minted = state.mintToken(c.who().user().name, name, scopes);
        ObjectNode out = json.createObjectNode().put("id", minted.token().id()).put("name", name)
                .put("sha1", minted.value()).put("token_last_eight", minted.token().lastEight());
        ArrayNode scopeArray = out.putArray("scopes");
        scopes.stream().sorted().forEach(scopeArray::add);
        return new Answer(201, out.put("created_at", now()).put("last_used_at", "0001-01-01T00:00:00Z"));
    }

    private Answer createOrganization(Call c) {
        String name = c.text("username");
        if (name == null || name.isBlank()) {
            throw new ApiException(422, "[UserName]: Required");
        }
        if (!name.matches("[A-Za-z0-9_.-]+") || name.length() > 40) {
            throw new ApiException(422, "[UserName]: Must be valid alpha or numeric or dash(-_) or dot characters");
        }
        if (state.organization(name).isPresent() || state.user(name).isPresent()) {
            throw new ApiException(422, "user already exists [name: " + name + "]");
        }
        String visibility = Optional.ofNullable(c.text("visibility")).orElse("public");
        GiteaState.Organization org = new GiteaState.Organization(state.nextId(), name,
                Optional.ofNullable(c.text("full_name")).orElse(""),
                Optional.ofNullable(c.text("description")).orElse(""), visibility);
        state.putOrganization(org);
        return new Answer(201, orgJson(org));
    }

    private Answer createRepository(Call c) {
        GiteaState.Organization org = state.requireOrganization(c.param(1));
        String name = c.text("name");
        if (name == null || name.isBlank()) {
            throw new ApiException(422, "[Name]: Required");
        }
        if (!name.matches("[A-Za-z0-9_.-]+") || name.equals(".") || name.equals("..") || name.endsWith(".git")
                || name.endsWith(".wiki")) {
            throw new ApiException(422, "repo name is invalid [name: " + name + "]");
        }
        if (state.repository(org.name, name).isPresent()) {
            throw new ApiException(409, "The repository with the same name already exists.");
        }
        String defaultBranch = Optional.ofNullable(c.text("default_branch")).filter(b -> !b.isBlank()).orElse("main");
        GiteaState.Repo repo = state.addRepository(org, name, Optional.ofNullable(c.text("description")).orElse(""),
                c.body().path("private").asBoolean(false), defaultBranch);
        return new Answer(201, repoJson(repo));
    }

    private Answer editRepository(Call c) {
        GiteaState.Repo repo = state.requireRepository(c.param(1), c.param(2));
        JsonNode b = c.body();
        if (b.hasNonNull("description")) {
            repo.description = b.get("description").asText();
        }
        if (b.hasNonNull("private")) {
            repo.isPrivate = b.get("private").asBoolean();
        }
        if (b.hasNonNull("has_actions")) {
            repo.hasActions = b.get("has_actions").asBoolean();
        }
        if (b.hasNonNull("default_branch")) {
            String branch = b.get("default_branch").asText();
            if (!repo.empty() && exactRef(repo, Constants.R_HEADS + branch) == null) {
                throw new ApiException(404, "The target couldn't be found.");
            }
            repo.defaultBranch = branch;
            repo.linkHead();
        }
        return ok(repoJson(repo));
    }

    private GiteaState.Repo repoOf(Call c) {
        return state.requireRepository(c.param(1), c.param(2));
    }

    private GiteaState.Organization orgOf(Call c) {
        return state.requireOrganization(c.param(1));
    }

    private Answer putSecret(Map<String, String> secrets, Call c, int nameGroup) {
        String name = SecretNames.validate(c.param(nameGroup), version);
        String data = c.text("data");
        if (data == null || data.isEmpty()) {
            throw new ApiException(422, "[Data]: Required");
        }
        boolean existed = secrets.put(name, data) != null;
        return new Answer(existed ? 204 : 201, null);
    }

    private ArrayNode secretList(Map<String, String> secrets) {
        ArrayNode list = json.createArrayNode();
        secrets.keySet().forEach(n -> list.addObject().put("name", n).put("description", "").put("created_at", now()));
        return list;
    }

    private JsonNode variableJson(Map<String, String> variables, String rawName, long repoId, long ownerId) {
        String name = rawName.toUpperCase(Locale.ROOT);
        String value = variables.get(name);
        if (value == null) {
            throw ApiException.notFound();
        }
        return json.createObjectNode().put("owner_id", ownerId).put("repo_id", repoId).put("name", name)
                .put("data", value).put("description", "");
    }

    private ArrayNode variableList(Map<String, String> variables, long repoId, long ownerId) {
        ArrayNode list = json.createArrayNode();
        variables.keySet().forEach(n -> list.add(variableJson(variables, n, repoId, ownerId)));
        return list;
    }

    private Answer createVariable(Map<String, String> variables, Call c, int nameGroup) {
        String name = SecretNames.validate(c.param(nameGroup), version);
        String value = requiredValue(c);
        if (variables.containsKey(name)) {
            throw new ApiException(409, "variable name " + name + " already exists");
        }
        variables.put(name, value);
        return new Answer(version.variableCreatedStatus, null);
    }

    private Answer updateVariable(Map<String, String> variables, Call c, int nameGroup) {
        String name = c.param(nameGroup).toUpperCase(Locale.ROOT);
        String value = requiredValue(c);
        if (!variables.containsKey(name)) {
            throw ApiException.notFound();
        }
        String newName = Optional.ofNullable(c.text("name")).filter(n -> !n.isBlank())
                .map(n -> SecretNames.validate(n, version)).orElse(name);
        variables.remove(name);
        variables.put(newName, value);
        return new Answer(204, null);
    }

    private static String requiredValue(Call c) {
        String value = c.text("value");
        if (value == null || value.isEmpty()) {
            throw new ApiException(422, "[Value]: Required");
        }
        return value;
    }

    private Answer repoRunnerToken(Call c) {
        GiteaState.Repo repo = repoOf(c);
        return ok(json.createObjectNode().put("token", state.runnerToken(repo.owner + "/" + repo.name)));
    }

    private Answer orgRunnerToken(Call c) {
        return ok(json.createObjectNode().put("token", state.runnerToken(orgOf(c).name)));
    }

    private Answer instanceRunnerToken() {
        return ok(json.createObjectNode().put("token", state.runnerToken("")));
    }

    /** The runner scopes whose runners a repository can use: its own, its owner's, the instance's. */
    private static List<String> repoScopes(GiteaState.Repo repo) {
        return List.of(repo.owner + "/" + repo.name, repo.owner, "").stream().map(s -> s.toLowerCase(Locale.ROOT))
                .toList();
    }

    private static List<String> orgScopes(GiteaState.Organization org) {
        return List.of(org.name.toLowerCase(Locale.ROOT), "");
    }

    /** The runners of {@code scopes} (all when null), as Gitea lists them. */
    private Answer runnerList(Call c, List<String> scopes) {
        List<GiteaState.Runner> runners = state.runners.stream()
                .filter(r -> scopes == null || scopes.contains(r.scope.toLowerCase(Locale.ROOT))).toList();
        ObjectNode out = json.createObjectNode().put("total_count", runners.size());
        ArrayNode list = out.putArray("runners");
        runners.forEach(r -> list.add(runnerJson(r)));
        return ok(out);
    }

    private GiteaState.Runner runnerIn(Call c, int idGroup, List<String> scopes) {
        return state.runner(Long.parseLong(c.param(idGroup)))
                .filter(r -> scopes == null || scopes.contains(r.scope.toLowerCase(Locale.ROOT)))
                .orElseThrow(ApiException::notFound);
    }

    private Answer deleteRunner(GiteaState.Runner runner) {
        state.runners.remove(runner);
        return new Answer(204, null);
    }

    private JsonNode runnerJson(GiteaState.Runner runner) {
        boolean online = runner.lastOnline > 0
                && Instant.now().getEpochSecond() - runner.lastOnline < RunnerService.OFFLINE_AFTER_SECONDS;
        ObjectNode out = json.createObjectNode().put("id", runner.id).put("name", runner.name)
                .put("status", online ? "online" : "offline").put("busy", false).put("ephemeral", runner.ephemeral);
        ArrayNode labels = out.putArray("labels");
        for (int i = 0; i < runner.labels.size(); i++) {
            labels.addObject().put("id", i).put("name", runner.labels.get(i)).put("type", "custom");
        }
        if (version.runnerDisabling) {
            out.put("disabled", false);
        }
        return out;
    }

    private GiteaState.User userOf(Call c) {
        return state.user(c.param(1)).orElseThrow(() -> new ApiException(404,
                "user does not exist [uid: 0, name: " + c.param(1) + "]"));
    }

    private JsonNode userJson(GiteaState.User user) {
        return json.createObjectNode().put("id", user.id).put("login", user.name).put("login_name", "")
                .put("source_id", 0).put("full_name", "").put("email", user.email)
                .put("avatar_url", baseUrl.get() + "/avatars/" + user.id).put("html_url", baseUrl.get() + "/" + user.name)
                .put("language", "").put("is_admin", user.admin).put("last_login", now()).put("created", now())
                .put("restricted", false).put("active", true).put("prohibit_login", false).put("location", "")
                .put("website", "").put("description", "").put("visibility", "public").put("followers_count", 0)
                .put("following_count", 0).put("starred_repos_count", 0).put("username", user.name);
    }

    private Answer editUser(Call c) {
        GiteaState.User user = userOf(c);
        JsonNode b = c.body();
        if (b.hasNonNull("password")) {
            String password = b.get("password").asText();
            if (password.length() < 8) {
                throw new ApiException(400, "password is too short");
            }
            user.setPassword(password);
        }
        if (b.hasNonNull("must_change_password")) {
            user.mustChangePassword = b.get("must_change_password").asBoolean();
        }
        if (b.hasNonNull("admin")) {
            user.admin = b.get("admin").asBoolean();
        }
        return ok(userJson(user));
    }

    private ArrayNode keyList(GiteaState.User user) {
        ArrayNode list = json.createArrayNode();
        user.keys.forEach(k -> list.add(keyJson(user, k)));
        return list;
    }

    private JsonNode keyJson(GiteaState.User user, GiteaState.PublicKey key) {
        return json.createObjectNode().put("id", key.id()).put("key", key.key())
                .put("url", baseUrl.get() + "/api/v1/user/keys/" + key.id()).put("title", key.title())
                .put("fingerprint", "").put("created_at", key.created()).put("read_only", key.readOnly())
                .put("key_type", "user");
    }

    private Answer addKey(Call c) {
        GiteaState.User user = userOf(c);
        String title = c.text("title");
        String key = c.text("key");
        if (title == null || title.isBlank()) {
            throw new ApiException(422, "[Title]: Required");
        }
        if (key == null || key.isBlank() || key.trim().split("\\s+").length < 2) {
            throw new ApiException(422, "Invalid key content");
        }
        String material = key.trim().split("\\s+")[1];
        boolean used = state.users.values().stream().flatMap(u -> u.keys.stream())
                .anyMatch(k -> k.key().trim().split("\\s+")[1].equals(material));
        if (used) {
            throw new ApiException(422, "Key content has been used as non-deploy key");
        }
        GiteaState.PublicKey added = new GiteaState.PublicKey(state.nextId(), title, key.trim(),
                c.body().path("read_only").asBoolean(false), now());
        user.keys.add(added);
        return new Answer(201, keyJson(user, added));
    }

    private Answer dispatch(Call c) throws IOException {
        GiteaState.Repo repo = repoOf(c);
        String workflowFile = c.param(3);
        String ref = c.text("ref");
        if (ref == null || ref.isBlank()) {
            throw new ApiException(422, "[Ref]: Required");
        }
        Ref resolved = resolveRef(repo, ref);
        if (resolved == null) {
            throw new ApiException(404, "ref " + ref + " not found");
        }
        WorkflowTriggers.Workflow workflow = WorkflowTriggers.find(repo.git, resolved.getObjectId(), workflowFile)
                .orElseThrow(() -> new ApiException(404, "workflow " + workflowFile + " not found"));
        if (!workflow.dispatchable()) {
            throw new ApiException(422, "workflow " + workflowFile + " has no workflow_dispatch trigger");
        }
        String branch = org.eclipse.jgit.lib.Repository.shortenRefName(resolved.getName());
        String title;
        try (org.eclipse.jgit.revwalk.RevWalk walk = new org.eclipse.jgit.revwalk.RevWalk(repo.git)) {
            title = walk.parseCommit(resolved.getObjectId()).getShortMessage();
        }
        SimulatedRun run = state.addRun(repo, workflowFile, "workflow_dispatch", branch,
                resolved.getObjectId().name(), title);
        if (version.dispatchReturnsRun && "true".equalsIgnoreCase(c.query().get("return_run_details"))) {
            return ok(json.createObjectNode().put("workflow_run_id", run.id()).put("run_url", runApiUrl(run))
                    .put("html_url", runHtmlUrl(run)));
        }
        return new Answer(204, null);
    }

    private static Ref resolveRef(GiteaState.Repo repo, String ref) throws IOException {
        if (ref.startsWith(Constants.R_REFS)) {
            return exactRef(repo, ref);
        }
        Ref branch = exactRef(repo, Constants.R_HEADS + ref);
        return branch != null ? branch : exactRef(repo, Constants.R_TAGS + ref);
    }

    private static Ref exactRef(GiteaState.Repo repo, String name) {
        try {
            return repo.git.exactRef(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Answer listRuns(Call c) {
        GiteaState.Repo repo = repoOf(c);
        Map<String, String> q = c.query();
        List<SimulatedRun> matching = state.runs.stream()
                .filter(r -> r.owner().equals(repo.owner) && r.repository().equals(repo.name))
                .filter(r -> !q.containsKey("event") || r.event().equals(q.get("event")))
                .filter(r -> !q.containsKey("branch") || r.branch().equals(q.get("branch")))
                .filter(r -> !q.containsKey("head_sha") || r.headSha().equals(q.get("head_sha")))
                .filter(r -> !q.containsKey("status") || r.status().equals(q.get("status"))
                        || r.conclusion().filter(q.get("status")::equals).isPresent())
                .sorted(Comparator.comparingLong(SimulatedRun::id).reversed())
                .toList();
        int limit = Math.max(1, Math.min(50, intParam(q, "limit", 30)));
        int page = Math.max(1, intParam(q, "page", 1));
        ObjectNode out = json.createObjectNode().put("total_count", matching.size());
        ArrayNode list = out.putArray("workflow_runs");
        matching.stream().skip((long) (page - 1) * limit).limit(limit).forEach(r -> list.add(runJson(r)));
        return ok(out);
    }

    private Answer getRun(Call c) {
        GiteaState.Repo repo = repoOf(c);
        long id = Long.parseLong(c.param(3));
        return ok(runJson(state.run(id).filter(r -> r.owner().equals(repo.owner) && r.repository().equals(repo.name))
                .orElseThrow(ApiException::notFound)));
    }

    private static int intParam(Map<String, String> q, String key, int defaultValue) {
        try {
            return q.containsKey(key) ? Integer.parseInt(q.get(key)) : defaultValue;
        } catch (NumberFormatException e) {
            throw new ApiException(422, "[" + key + "]: must be a number");
        }
    }

    private JsonNode runJson(SimulatedRun run) {
        ObjectNode out = json.createObjectNode().put("id", run.id()).put("url", runApiUrl(run))
                .put("html_url", runHtmlUrl(run)).put("display_title", run.title()).put("event", run.event())
                .put("head_branch", run.branch()).put("head_sha", run.headSha())
                .put("path", run.workflowFile() + "@" + Constants.R_HEADS + run.branch())
                .put("run_number", run.runNumber()).put("run_attempt", 1).put("status", run.status())
                .put("conclusion", run.conclusion().orElse("")).put("started_at", now());
        state.repository(run.owner(), run.repository()).ifPresent(r -> out.put("repository_id", r.id));
        return out;
    }

    private String runApiUrl(SimulatedRun run) {
        return baseUrl.get() + "/api/v1/repos/" + run.owner() + "/" + run.repository() + "/actions/runs/" + run.id();
    }

    private String runHtmlUrl(SimulatedRun run) {
        return baseUrl.get() + "/" + run.owner() + "/" + run.repository() + "/actions/runs/" + run.runNumber();
    }

    private JsonNode orgJson(GiteaState.Organization org) {
        return json.createObjectNode().put("id", org.id).put("name", org.name).put("username", org.name)
                .put("full_name", org.fullName).put("description", org.description).put("email", "")
                .put("website", "").put("location", "").put("visibility", org.visibility)
                .put("avatar_url", baseUrl.get() + "/avatars/" + org.id)
                .put("repo_admin_change_team_access", false);
    }

    private JsonNode repoJson(GiteaState.Repo repo) {
        String base = baseUrl.get();
        ObjectNode out = json.createObjectNode().put("id", repo.id);
        GiteaState.Organization org = state.requireOrganization(repo.owner);
        out.putObject("owner").put("id", org.id).put("login", org.name).put("username", org.name)
                .put("full_name", org.fullName);
        out.put("name", repo.name).put("full_name", repo.owner + "/" + repo.name).put("description", repo.description)
                .put("empty", repo.empty()).put("private", repo.isPrivate).put("fork", false).put("template", false)
                .put("mirror", false).put("archived", false)
                .put("html_url", base + "/" + repo.owner + "/" + repo.name)
                .put("clone_url", base + "/" + repo.owner + "/" + repo.name + ".git")
                .put("ssh_url", "git@" + java.net.URI.create(base).getHost() + ":" + repo.owner + "/" + repo.name + ".git")
                .put("default_branch", repo.defaultBranch).put("has_actions", repo.hasActions)
                .put("has_issues", true).put("has_wiki", true).put("has_pull_requests", true)
                .put("object_format_name", "sha1").put("created_at", now()).put("updated_at", now());
        out.putObject("permissions").put("admin", true).put("push", true).put("pull", true);
        return out;
    }

    private Answer ok(JsonNode body) {
        return new Answer(200, body);
    }

    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return json.createObjectNode();
        }
        try {
            JsonNode node = json.readTree(body);
            return node == null || !node.isObject() ? json.createObjectNode() : node;
        } catch (IOException e) {
            throw new ApiException(422, "[]: the body is not valid JSON");
        }
    }

    private static String decode(String path) {
        return java.net.URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
