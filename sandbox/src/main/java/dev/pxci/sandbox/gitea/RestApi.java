package dev.pxci.sandbox.gitea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The REST API under {@code /api/v1} for the resources the simulator serves, each with the
 * operations the chosen release's OpenAPI document has for it: version; users, their tokens and
 * keys; organisations; their repositories; Actions secrets, variables, runners, runner
 * registration tokens, workflows and (1.26) runs. Gitea's status codes, bodies, token scopes,
 * paging and visibility: a private organisation or repository is answered 404 to whoever may not
 * see it, before any other check. Paths are relative to {@code /api/v1}.
 */
final class RestApi {
    private static final String SEGMENT = "([^/]+)";
    private static final Pattern REPO_PATH = Pattern.compile("/repos/([^/]+)/([^/]+)(/.*)?");
    private static final Pattern ORG_PATH = Pattern.compile("/orgs/([^/]+)(/.*)?");
    private static final Pattern USER_PATH = Pattern.compile("/users/([^/]+)(/.*)?");

    private final GiteaState state;
    private final SimulatedVersion version;
    private final Supplier<String> baseUrl;
    private final GiteaObjects objects;
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

    /** A matched call: path parameters, the raw path and query, parsed body, caller. */
    record Call(Matcher path, String rawPath, Map<String, String> query, JsonNode body, Principal who) {
        String param(int group) {
            return path.group(group);
        }

        String text(String field) {
            JsonNode node = body.get(field);
            return node == null || node.isNull() ? null : node.asText();
        }
    }

    /** The answer: a status, a JSON body or none, and headers. */
    record Answer(int status, JsonNode body, Map<String, String> headers) {
        Answer(int status, JsonNode body) {
            this(status, body, Map.of());
        }
    }

    private interface Action {
        Answer apply(Call call) throws IOException;
    }

    /** Who may call a route besides what the token's scope allows. */
    private enum Audience { ANYONE, SIGNED_IN, SITE_ADMIN }

    private record Route(String method, Pattern path, String scopeCategory, Audience audience, Action action) {
    }

    RestApi(GiteaState state, SimulatedVersion version, Supplier<String> baseUrl) {
        this.state = state;
        this.version = version;
        this.baseUrl = baseUrl;
        this.objects = new GiteaObjects(state, version, baseUrl);
        route("GET", "/version", null, Audience.ANYONE, c -> ok(objects.object().put("version", version.text)));
        userRoutes();
        organizationRoutes();
        repositoryRoutes();
        actionsRoutes();
    }

    private void userRoutes() {
        route("GET", "/user", "user", Audience.SIGNED_IN, c -> ok(objects.user(c.who().user(), c.who().user())));
        route("GET", "/user/orgs", "organization", Audience.SIGNED_IN,
                c -> page(c, state.organizations.values().stream()
                        .filter(o -> o.members.contains(c.who().user().name.toLowerCase(Locale.ROOT))).toList(),
                        objects::organization));
        route("GET", "/user/repos", "repository", Audience.SIGNED_IN,
                c -> page(c, state.repositories.values().stream()
                        .filter(r -> state.requireOrganization(r.owner).members
                                .contains(c.who().user().name.toLowerCase(Locale.ROOT))).toList(),
                        r -> objects.repository(r, c.who().user())));
        route("GET", "/user/keys", "user", Audience.SIGNED_IN,
                c -> page(c, c.who().user().keys, objects::key));
        route("GET", "/users/" + SEGMENT, "user", Audience.ANYONE, c -> ok(objects.user(userOf(c), c.who().user())));
        route("GET", "/users/" + SEGMENT + "/keys", "user", Audience.ANYONE, c -> page(c, userOf(c).keys, objects::key));
        route("GET", "/users/" + SEGMENT + "/orgs", "organization", Audience.ANYONE,
                c -> page(c, state.organizations.values().stream()
                        .filter(o -> o.members.contains(userOf(c).name.toLowerCase(Locale.ROOT))
                                && o.visibleTo(c.who().user())).toList(), objects::organization));
        route("GET", "/users/" + SEGMENT + "/tokens", "user", Audience.SIGNED_IN, this::listTokens);
        route("POST", "/users/" + SEGMENT + "/tokens", "user", Audience.SIGNED_IN, this::createToken);
        route("DELETE", "/users/" + SEGMENT + "/tokens/" + SEGMENT, "user", Audience.SIGNED_IN, this::deleteToken);
        route("GET", "/admin/users", "admin", Audience.SITE_ADMIN,
                c -> page(c, List.copyOf(state.users.values()), u -> objects.user(u, c.who().user())));
        route("POST", "/admin/users", "admin", Audience.SITE_ADMIN, this::createUser);
        route("PATCH", "/admin/users/" + SEGMENT, "admin", Audience.SITE_ADMIN, this::editUser);
        route("DELETE", "/admin/users/" + SEGMENT, "admin", Audience.SITE_ADMIN, this::deleteUser);
        route("POST", "/admin/users/" + SEGMENT + "/keys", "admin", Audience.SITE_ADMIN, this::addKey);
    }

    private void organizationRoutes() {
        route("GET", "/orgs", "organization", Audience.ANYONE, c -> page(c, state.organizations.values().stream()
                .filter(o -> o.visibleTo(c.who().user())).toList(), objects::organization));
        route("GET", "/admin/orgs", "admin", Audience.SITE_ADMIN,
                c -> page(c, List.copyOf(state.organizations.values()), objects::organization));
        route("POST", "/orgs", "organization", Audience.SIGNED_IN, this::createOrganization);
        route("GET", "/orgs/" + SEGMENT, "organization", Audience.ANYONE, c -> ok(objects.organization(orgOf(c))));
        route("PATCH", "/orgs/" + SEGMENT, "organization", Audience.SIGNED_IN, this::editOrganization);
        route("DELETE", "/orgs/" + SEGMENT, "organization", Audience.SIGNED_IN, this::deleteOrganization);
        route("GET", "/orgs/" + SEGMENT + "/repos", "organization", Audience.ANYONE,
                c -> page(c, state.repositoriesOf(orgOf(c)).stream().filter(r -> visible(r, c.who())).toList(),
                        r -> objects.repository(r, c.who().user())));
        route("POST", "/orgs/" + SEGMENT + "/repos", "organization", Audience.SIGNED_IN, this::createRepository);
    }

    private void repositoryRoutes() {
        String repo = "/repos/" + SEGMENT + "/" + SEGMENT;
        route("GET", repo, "repository", Audience.ANYONE, c -> ok(objects.repository(repoOf(c), c.who().user())));
        route("PATCH", repo, "repository", Audience.SIGNED_IN, this::editRepository);
        route("DELETE", repo, "repository", Audience.SIGNED_IN, c -> {
            state.deleteRepository(repoOf(c));
            return new Answer(204, null);
        });
    }

    private void actionsRoutes() {
        String repoActions = "/repos/" + SEGMENT + "/" + SEGMENT + "/actions";
        String orgActions = "/orgs/" + SEGMENT + "/actions";
        secretRoutes(repoActions, "repository", 3, c -> repoOf(c));
        secretRoutes(orgActions, "organization", 2, c -> orgOf(c));
        variableRoutes(repoActions, "repository", 3, c -> repoOf(c), c -> repoOf(c).id, c -> 0L);
        variableRoutes(orgActions, "organization", 2, c -> orgOf(c), c -> 0L, c -> orgOf(c).id);

        route("POST", repoActions + "/runners/registration-token", "repository", Audience.SIGNED_IN,
                c -> runnerToken(repoOf(c).owner + "/" + repoOf(c).name));
        route("POST", orgActions + "/runners/registration-token", "organization", Audience.SIGNED_IN,
                c -> runnerToken(orgOf(c).name));
        route("POST", "/admin/actions/runners/registration-token", "admin", Audience.SITE_ADMIN, c -> runnerToken(""));
        if (version.runnerTokenByGet) {
            route("GET", repoActions + "/runners/registration-token", "repository", Audience.SIGNED_IN,
                    c -> runnerToken(repoOf(c).owner + "/" + repoOf(c).name));
            route("GET", orgActions + "/runners/registration-token", "organization", Audience.SIGNED_IN,
                    c -> runnerToken(orgOf(c).name));
            route("GET", "/admin/runners/registration-token", "admin", Audience.SITE_ADMIN, c -> runnerToken(""));
        }
        runnerRoutes(repoActions, "repository", 3, c -> List.of(repoKey(repoOf(c)), repoOf(c).owner.toLowerCase(
                Locale.ROOT), ""), c -> List.of(repoKey(repoOf(c))));
        runnerRoutes(orgActions, "organization", 2, c -> List.of(orgOf(c).name.toLowerCase(Locale.ROOT), ""),
                c -> List.of(orgOf(c).name.toLowerCase(Locale.ROOT)));
        runnerRoutes("/admin/actions", "admin", 1, c -> null, c -> null);

        route("GET", repoActions + "/workflows", "repository", Audience.SIGNED_IN, this::listWorkflows);
        route("GET", repoActions + "/workflows/" + SEGMENT, "repository", Audience.SIGNED_IN,
                c -> ok(workflowOf(c).json()));
        route("PUT", repoActions + "/workflows/" + SEGMENT + "/enable", "repository", Audience.SIGNED_IN,
                c -> setWorkflowDisabled(c, false));
        route("PUT", repoActions + "/workflows/" + SEGMENT + "/disable", "repository", Audience.SIGNED_IN,
                c -> setWorkflowDisabled(c, true));
        route("POST", repoActions + "/workflows/" + SEGMENT + "/dispatches", "repository", Audience.SIGNED_IN,
                this::dispatch);
        if (version.runsApi) {
            route("GET", repoActions + "/runs", "repository", Audience.SIGNED_IN, this::listRuns);
            route("GET", repoActions + "/runs/([0-9]+)", "repository", Audience.SIGNED_IN,
                    c -> ok(objects.run(runOf(c), c.who().user())));
            route("DELETE", repoActions + "/runs/([0-9]+)", "repository", Audience.SIGNED_IN, c -> {
                SimulatedRun run = runOf(c);
                if (!run.status().equals("completed")) {
                    throw new ApiException(400, "this workflow run is not done");
                }
                state.runs.remove(run);
                return new Answer(204, null);
            });
        }
    }

    private void secretRoutes(String prefix, String category, int nameGroup,
            Function<Call, GiteaState.ActionsSettings> owner) {
        route("GET", prefix + "/secrets", category, Audience.SIGNED_IN, c -> {
            GiteaState.ActionsSettings settings = owner.apply(c);
            return page(c, List.copyOf(settings.secretInfo.keySet()),
                    n -> objects.secret(n, settings.secretInfo.get(n)));
        });
        route("PUT", prefix + "/secrets/" + SEGMENT, category, Audience.SIGNED_IN,
                c -> putSecret(owner.apply(c), c, nameGroup));
        route("DELETE", prefix + "/secrets/" + SEGMENT, category, Audience.SIGNED_IN, c -> {
            GiteaState.ActionsSettings settings = owner.apply(c);
            String name = SecretNames.validate(c.param(nameGroup), version);
            if (settings.secrets.remove(name) == null) {
                throw ApiException.notFound();
            }
            settings.secretInfo.remove(name);
            return new Answer(204, null);
        });
    }

    private void variableRoutes(String prefix, String category, int nameGroup,
            Function<Call, GiteaState.ActionsSettings> owner, Function<Call, Long> repoId,
            Function<Call, Long> ownerId) {
        route("GET", prefix + "/variables", category, Audience.SIGNED_IN, c -> {
            GiteaState.ActionsSettings settings = owner.apply(c);
            return page(c, List.copyOf(settings.variables.keySet()),
                    n -> objects.variable(settings, n, repoId.apply(c), ownerId.apply(c)));
        });
        route("GET", prefix + "/variables/" + SEGMENT, category, Audience.SIGNED_IN, c -> {
            GiteaState.ActionsSettings settings = owner.apply(c);
            return ok(objects.variable(settings, existingVariable(settings, c.param(nameGroup)), repoId.apply(c),
                    ownerId.apply(c)));
        });
        route("POST", prefix + "/variables/" + SEGMENT, category, Audience.SIGNED_IN,
                c -> createVariable(owner.apply(c), c, nameGroup));
        route("PUT", prefix + "/variables/" + SEGMENT, category, Audience.SIGNED_IN,
                c -> updateVariable(owner.apply(c), c, nameGroup));
        route("DELETE", prefix + "/variables/" + SEGMENT, category, Audience.SIGNED_IN, c -> {
            GiteaState.ActionsSettings settings = owner.apply(c);
            String name = existingVariable(settings, c.param(nameGroup));
            settings.variables.remove(name);
            settings.variableDescriptions.remove(name);
            return new Answer(204, null);
        });
    }

    /** {@code visible}: the runner scopes listed there; {@code owned}: those it may delete from (null: all). */
    private void runnerRoutes(String prefix, String category, int idGroup, Function<Call, List<String>> visible,
            Function<Call, List<String>> owned) {
        Audience audience = category.equals("admin") ? Audience.SITE_ADMIN : Audience.SIGNED_IN;
        route("GET", prefix + "/runners", category, audience, c -> {
            List<String> scopes = visible.apply(c);
            List<GiteaState.Runner> runners = state.runners.stream()
                    .filter(r -> scopes == null || scopes.contains(r.scope.toLowerCase(Locale.ROOT))).toList();
            Pagination paging = Pagination.of(c.query());
            ObjectNode out = objects.object().put("total_count", runners.size());
            ArrayNode list = out.putArray("runners");
            paging.slice(runners).forEach(r -> list.add(objects.runner(r)));
            return new Answer(200, out, paging.headers(runners.size(), listUrl(c), c.query()));
        });
        route("GET", prefix + "/runners/([0-9]+)", category, audience,
                c -> ok(objects.runner(runnerIn(c, idGroup, visible.apply(c)))));
        route("DELETE", prefix + "/runners/([0-9]+)", category, audience, c -> {
            state.runners.remove(runnerIn(c, idGroup, owned.apply(c)));
            return new Answer(204, null);
        });
        if (version.runnerDisabling) {
            route("PATCH", prefix + "/runners/([0-9]+)", category, audience, c -> {
                GiteaState.Runner runner = runnerIn(c, idGroup, owned.apply(c));
                if (!c.body().hasNonNull("disabled")) {
                    throw new ApiException(422, "[Disabled]: Required");
                }
                runner.disabled = c.body().get("disabled").asBoolean();
                return ok(objects.runner(runner));
            });
        }
    }

    private void route(String method, String path, String scopeCategory, Audience audience, Action action) {
        routes.add(new Route(method, Pattern.compile(path), scopeCategory, audience, action));
    }

    /** Where a request's body comes from: read only once the caller may send one. */
    @FunctionalInterface
    interface Body {
        byte[] read() throws IOException;
    }

    /**
     * Answers one request; {@code path} is relative to {@code /api/v1} and still URL-encoded. The
     * body is read after the caller is admitted (Gitea's 404, 401 and 403), so a refused caller is
     * answered without reading it; it is admitted again with the body in hand.
     */
    Answer handle(String method, String path, Map<String, String> query, Body body, String authorization) {
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
                if (who.authenticated() && route.scopeCategory != null) {
                    requireScope(who, route.scopeCategory, !method.equals("GET"));
                }
                String decodedPath = decode(path);
                Matcher decoded = route.path.matcher(decodedPath);
                if (!decoded.matches()) {
                    throw ApiException.notFound();
                }
                synchronized (state) {
                    admit(route, method, decodedPath, who);
                }
                byte[] content = body.read();
                synchronized (state) {
                    try {
                        admit(route, method, decodedPath, who);
                        return route.action.apply(new Call(decoded, path, query, parse(content), who));
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

    /**
     * Gitea's order of checks after the token's scope: the organisation or repository in the path
     * must exist and be visible to the caller (404), then the caller must be signed in (401), then
     * be a site admin or own what it changes (403).
     */
    private void admit(Route route, String method, String path, Principal who) {
        GiteaState.Organization owner = null;
        Matcher repo = REPO_PATH.matcher(path);
        Matcher org = ORG_PATH.matcher(path);
        Matcher user = USER_PATH.matcher(path);
        if (repo.matches()) {
            GiteaState.Repo r = state.repository(repo.group(1), repo.group(2)).filter(x -> visible(x, who))
                    .orElseThrow(ApiException::notFound);
            owner = state.requireOrganization(r.owner);
        } else if (org.matches()) {
            owner = state.organization(org.group(1)).filter(o -> o.visibleTo(who.user()))
                    .orElseThrow(ApiException::notFound);
        } else if (user.matches() && state.user(user.group(1)).isEmpty()) {
            throw new ApiException(404, "user does not exist [uid: 0, name: " + user.group(1) + "]");
        }
        if (route.audience == Audience.ANYONE) {
            return;
        }
        if (!who.authenticated()) {
            throw new ApiException(401, "token is required");
        }
        if (route.audience == Audience.SITE_ADMIN && !who.siteAdmin()) {
            throw new ApiException(403, "user should be the site admin");
        }
        boolean administers = !method.equals("GET") || path.contains("/actions/");
        if (owner != null && administers && !owner.ownedBy(who.user())) {
            throw new ApiException(403, repo.matches()
                    ? "user should be an owner or a collaborator with admin write of a repository"
                    : "Must be an organization owner");
        }
    }

    private boolean visible(GiteaState.Repo repo, Principal who) {
        GiteaState.Organization org = state.requireOrganization(repo.owner);
        return org.visibleTo(who.user()) && (!repo.isPrivate || org.ownedBy(who.user()));
    }

    private Answer error(ApiException e) {
        return new Answer(e.status, objects.object().put("message", e.getMessage())
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
        if (!who.allows(category, write)) {
            throw new ApiException(403, "token does not have at least one of required scope(s), required=["
                    + (write ? "write:" : "read:") + category + "], token scope=" + String.join(",", who.scopes()));
        }
    }

    /** A page of {@code all} as a JSON array, with Gitea's paging headers. */
    private <T> Answer page(Call c, List<T> all, Function<T, JsonNode> toJson) {
        Pagination paging = Pagination.of(c.query());
        ArrayNode list = objects.array();
        paging.slice(all).forEach(item -> list.add(toJson.apply(item)));
        return new Answer(200, list, paging.headers(all.size(), listUrl(c), c.query()));
    }

    private String listUrl(Call c) {
        return objects.apiUrl(c.rawPath());
    }

    private GiteaState.User userOf(Call c) {
        return state.user(c.param(1)).orElseThrow(() -> new ApiException(404,
                "user does not exist [uid: 0, name: " + c.param(1) + "]"));
    }

    private Answer listTokens(Call c) {
        requireOwnAccountByPassword(c);
        return page(c, state.tokens.values().stream().filter(t -> t.owner().equalsIgnoreCase(c.param(1))).toList(),
                objects::token);
    }

    private void requireOwnAccountByPassword(Call c) {
        if (!c.who().byPassword()) {
            throw new ApiException(401, "auth required");
        }
        if (!c.param(1).equalsIgnoreCase(c.who().user().name)) {
            throw new ApiException(403, "user should be the site admin or the user themselves");
        }
    }

    private Answer createToken(Call c) {
        requireOwnAccountByPassword(c);
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
        return new Answer(201, objects.token(minted.token()).put("sha1", minted.value()).put("created_at",
                GiteaObjects.now()));
    }

    private Answer deleteToken(Call c) {
        requireOwnAccountByPassword(c);
        String wanted = c.param(2);
        List<GiteaState.AccessToken> matching = state.tokens.values().stream()
                .filter(t -> t.owner().equalsIgnoreCase(c.param(1)))
                .filter(t -> t.name().equals(wanted) || Long.toString(t.id()).equals(wanted)).toList();
        if (matching.isEmpty()) {
            throw ApiException.notFound();
        }
        if (matching.size() > 1) {
            throw new ApiException(422, "multiple matches for token name '" + wanted + "'");
        }
        state.tokens.remove(matching.get(0).sha256());
        return new Answer(204, null);
    }

    private Answer createUser(Call c) {
        String name = c.text("username");
        String email = c.text("email");
        if (name == null || name.isBlank() || email == null || email.isBlank()) {
            throw new ApiException(422, name == null || name.isBlank() ? "[UserName]: Required" : "[Email]: Required");
        }
        String password = Optional.ofNullable(c.text("password")).orElse("");
        try {
            new GiteaAdministration(state, version, false).createUser(name, email, password, false,
                    Optional.of(c.body().path("must_change_password").asBoolean(true)));
        } catch (GiteaAdministration.Refused e) {
            throw new ApiException(422, e.getMessage().replaceFirst("^CreateUser: ", ""));
        }
        return new Answer(201, objects.user(state.user(name).orElseThrow(), c.who().user()));
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
        return ok(objects.user(user, c.who().user()));
    }

    private Answer deleteUser(Call c) {
        GiteaState.User user = userOf(c);
        boolean ownsOrganizations = state.organizations.values().stream()
                .anyMatch(o -> o.members.equals(Set.of(user.name.toLowerCase(Locale.ROOT))));
        if (ownsOrganizations) {
            throw new ApiException(422, "user still has membership of organizations [uid: " + user.id + "]");
        }
        state.users.remove(user.name.toLowerCase(Locale.ROOT));
        state.tokens.values().removeIf(t -> t.owner().equalsIgnoreCase(user.name));
        state.organizations.values().forEach(o -> o.members.remove(user.name.toLowerCase(Locale.ROOT)));
        return new Answer(204, null);
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
                c.body().path("read_only").asBoolean(false), GiteaObjects.now());
        user.keys.add(added);
        return new Answer(201, objects.key(added));
    }

    private Answer createOrganization(Call c) {
        String name = c.text("username");
        if (name == null || name.isBlank()) {
            throw new ApiException(422, "[UserName]: Required");
        }
        if (!name.matches("[A-Za-z0-9_.-]+") || name.length() > 40) {
            throw new ApiException(422, "[UserName]: Must be valid alpha or numeric or dash(-_) or dot characters");
        }
        if (!c.who().siteAdmin()) {
            throw new ApiException(403, "Create organization not allowed");
        }
        if (state.organization(name).isPresent() || state.user(name).isPresent()) {
            throw new ApiException(422, "user already exists [name: " + name + "]");
        }
        String visibility = visibility(c.text("visibility"), "public");
        GiteaState.Organization org = new GiteaState.Organization(state.nextId(), name,
                Optional.ofNullable(c.text("full_name")).orElse(""),
                Optional.ofNullable(c.text("description")).orElse(""), visibility);
        org.email = Optional.ofNullable(c.text("email")).orElse("");
        org.website = Optional.ofNullable(c.text("website")).orElse("");
        org.location = Optional.ofNullable(c.text("location")).orElse("");
        org.repoAdminChangeTeamAccess = c.body().path("repo_admin_change_team_access").asBoolean(false);
        org.members.add(c.who().user().name.toLowerCase(Locale.ROOT));
        state.putOrganization(org);
        return new Answer(201, objects.organization(org));
    }

    private static String visibility(String requested, String current) {
        if (requested == null || requested.isBlank()) {
            return current;
        }
        if (!Set.of("public", "limited", "private").contains(requested)) {
            throw new ApiException(422, "[Visibility]: Invalid visibility");
        }
        return requested;
    }

    private Answer editOrganization(Call c) {
        GiteaState.Organization org = orgOf(c);
        org.fullName = Optional.ofNullable(c.text("full_name")).orElse(org.fullName);
        org.description = Optional.ofNullable(c.text("description")).orElse(org.description);
        org.email = Optional.ofNullable(c.text("email")).orElse(org.email);
        org.website = Optional.ofNullable(c.text("website")).orElse(org.website);
        org.location = Optional.ofNullable(c.text("location")).orElse(org.location);
        org.visibility = visibility(c.text("visibility"), org.visibility);
        if (c.body().hasNonNull("repo_admin_change_team_access")) {
            org.repoAdminChangeTeamAccess = c.body().get("repo_admin_change_team_access").asBoolean();
        }
        return ok(objects.organization(org));
    }

    private Answer deleteOrganization(Call c) {
        GiteaState.Organization org = orgOf(c);
        if (!state.repositoriesOf(org).isEmpty()) {
            throw new ApiException(409, "organization still has ownership of repositories [uid: " + org.id + "]");
        }
        state.organizations.remove(org.name.toLowerCase(Locale.ROOT));
        state.runnerTokens.remove(org.name.toLowerCase(Locale.ROOT));
        state.runners.removeIf(r -> r.scope.equalsIgnoreCase(org.name));
        return new Answer(204, null);
    }

    private Answer createRepository(Call c) {
        GiteaState.Organization org = orgOf(c);
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
        return new Answer(201, objects.repository(repo, c.who().user()));
    }

    private Answer editRepository(Call c) {
        GiteaState.Repo repo = repoOf(c);
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
        repo.updatedAt = GiteaObjects.now();
        return ok(objects.repository(repo, c.who().user()));
    }

    private GiteaState.Repo repoOf(Call c) {
        return state.requireRepository(c.param(1), c.param(2));
    }

    private GiteaState.Organization orgOf(Call c) {
        return state.requireOrganization(c.param(1));
    }

    private static String repoKey(GiteaState.Repo repo) {
        return (repo.owner + "/" + repo.name).toLowerCase(Locale.ROOT);
    }

    private Answer putSecret(GiteaState.ActionsSettings settings, Call c, int nameGroup) {
        String name = SecretNames.validate(c.param(nameGroup), version);
        String data = c.text("data");
        if (data == null || data.isEmpty()) {
            throw new ApiException(422, "[Data]: Required");
        }
        boolean existed = settings.secrets.put(name, data) != null;
        String description = Optional.ofNullable(c.text("description"))
                .orElse(existed ? settings.secretInfo.get(name).description() : "");
        settings.secretInfo.put(name, new GiteaState.SecretInfo(description,
                existed ? settings.secretInfo.get(name).createdAt() : GiteaObjects.now()));
        return new Answer(existed ? 204 : 201, null);
    }

    private static String existingVariable(GiteaState.ActionsSettings settings, String rawName) {
        String name = rawName.toUpperCase(Locale.ROOT);
        if (!settings.variables.containsKey(name)) {
            throw ApiException.notFound();
        }
        return name;
    }

    private Answer createVariable(GiteaState.ActionsSettings settings, Call c, int nameGroup) {
        String name = SecretNames.validate(c.param(nameGroup), version);
        String value = requiredValue(c);
        if (settings.variables.containsKey(name)) {
            throw new ApiException(409, "variable name " + name + " already exists");
        }
        settings.variables.put(name, value);
        settings.variableDescriptions.put(name, Optional.ofNullable(c.text("description")).orElse(""));
        return new Answer(version.variableCreatedStatus, null);
    }

    private Answer updateVariable(GiteaState.ActionsSettings settings, Call c, int nameGroup) {
        String name = existingVariable(settings, c.param(nameGroup));
        String value = requiredValue(c);
        String newName = Optional.ofNullable(c.text("name")).filter(n -> !n.isBlank())
                .map(n -> SecretNames.validate(n, version)).orElse(name);
        if (!newName.equals(name) && settings.variables.containsKey(newName)) {
            throw new ApiException(409, "variable name " + newName + " already exists");
        }
        String description = Optional.ofNullable(c.text("description"))
                .orElse(settings.variableDescriptions.getOrDefault(name, ""));
        settings.variables.remove(name);
        settings.variableDescriptions.remove(name);
        settings.variables.put(newName, value);
        settings.variableDescriptions.put(newName, description);
        return new Answer(204, null);
    }

    private static String requiredValue(Call c) {
        String value = c.text("value");
        if (value == null || value.isEmpty()) {
            throw new ApiException(422, "[Value]: Required");
        }
        return value;
    }

    private Answer runnerToken(String scope) {
        return ok(objects.object().put("token", state.runnerToken(scope)));
    }

    private GiteaState.Runner runnerIn(Call c, int idGroup, List<String> scopes) {
        return state.runner(Long.parseLong(c.param(idGroup)))
                .filter(r -> scopes == null || scopes.contains(r.scope.toLowerCase(Locale.ROOT)))
                .orElseThrow(ApiException::notFound);
    }

    /** A workflow at the head of the default branch, as the list and get endpoints show it. */
    private record ShownWorkflow(WorkflowTriggers.Workflow workflow, JsonNode json) {
    }

    private List<ShownWorkflow> workflows(GiteaState.Repo repo) throws IOException {
        Ref head = exactRef(repo, Constants.R_HEADS + repo.defaultBranch);
        if (head == null) {
            return List.of();
        }
        String committedAt;
        try (RevWalk walk = new RevWalk(repo.git)) {
            RevCommit commit = walk.parseCommit(head.getObjectId());
            committedAt = commit.getAuthorIdent().getWhenAsInstant().toString();
        }
        return WorkflowTriggers.read(repo.git, head.getObjectId()).stream()
                .map(w -> new ShownWorkflow(w, objects.workflow(repo, w, committedAt))).toList();
    }

    private Answer listWorkflows(Call c) throws IOException {
        List<ShownWorkflow> all = workflows(repoOf(c));
        Pagination paging = Pagination.of(c.query());
        ObjectNode out = objects.object().put("total_count", all.size());
        ArrayNode list = out.putArray("workflows");
        paging.slice(all).forEach(w -> list.add(w.json()));
        return new Answer(200, out, paging.headers(all.size(), listUrl(c), c.query()));
    }

    private ShownWorkflow workflowOf(Call c) throws IOException {
        return workflows(repoOf(c)).stream().filter(w -> w.workflow().fileName().equals(c.param(3))).findFirst()
                .orElseThrow(ApiException::notFound);
    }

    private Answer setWorkflowDisabled(Call c, boolean disabled) throws IOException {
        String file = workflowOf(c).workflow().fileName();
        if (disabled) {
            repoOf(c).disabledWorkflows.add(file);
        } else {
            repoOf(c).disabledWorkflows.remove(file);
        }
        return new Answer(204, null);
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
        if (repo.disabledWorkflows.contains(workflowFile)) {
            throw new ApiException(403, "workflow " + workflowFile + " is disabled");
        }
        String branch = org.eclipse.jgit.lib.Repository.shortenRefName(resolved.getName());
        String title;
        try (RevWalk walk = new RevWalk(repo.git)) {
            title = walk.parseCommit(resolved.getObjectId()).getShortMessage();
        }
        SimulatedRun run = state.addRun(repo, workflowFile, "workflow_dispatch", branch,
                resolved.getObjectId().name(), title, c.who().user().name);
        if (version.dispatchReturnsRun && "true".equalsIgnoreCase(c.query().get("return_run_details"))) {
            return ok(objects.object().put("workflow_run_id", run.id()).put("run_url", objects.runApiUrl(run))
                    .put("html_url", objects.runHtmlUrl(run)));
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
                .filter(r -> !q.containsKey("actor") || r.actor().equalsIgnoreCase(q.get("actor")))
                .filter(r -> !q.containsKey("status") || r.status().equals(q.get("status"))
                        || r.conclusion().filter(q.get("status")::equals).isPresent())
                .sorted(Comparator.comparingLong(SimulatedRun::id).reversed())
                .toList();
        Pagination paging = Pagination.of(q);
        ObjectNode out = objects.object().put("total_count", matching.size());
        ArrayNode list = out.putArray("workflow_runs");
        paging.slice(matching).forEach(r -> list.add(objects.run(r, c.who().user())));
        return new Answer(200, out, paging.headers(matching.size(), listUrl(c), q));
    }

    private SimulatedRun runOf(Call c) {
        GiteaState.Repo repo = repoOf(c);
        long id = Long.parseLong(c.param(3));
        return state.run(id).filter(r -> r.owner().equals(repo.owner) && r.repository().equals(repo.name))
                .orElseThrow(ApiException::notFound);
    }

    private static Answer ok(JsonNode body) {
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
}
