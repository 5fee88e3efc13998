package dev.pxci.sandbox.gitea;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;

/**
 * Everything the simulated Gitea knows: user accounts (the simulator's own admin, or those created
 * through the Gitea command line of a stand-in), their access tokens, organisations, repositories
 * (each backed by a bare JGit repository), Actions secrets, variables, runner registration tokens,
 * registered runners and runs. Callers synchronise on the instance and call {@link #save()} after a
 * change; the {@link Storage} decides whether that reaches a disk.
 */
final class GiteaState {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The scopes Gitea knows ({@code models/auth/access_token_scope.go}). */
    static final Set<String> KNOWN_SCOPES;

    static {
        List<String> scopes = new ArrayList<>(List.of("all", "public-only"));
        for (String category : List.of("activitypub", "admin", "misc", "notification", "organization", "package",
                "issue", "repository", "user")) {
            scopes.add("read:" + category);
            scopes.add("write:" + category);
        }
        KNOWN_SCOPES = Set.copyOf(scopes);
    }

    private static final String ADMIN_TOKEN_NAME = "simulator-admin";

    /** The simulator's own admin account, or null when accounts come from the Gitea command line only. */
    final String adminUser;
    final String adminPassword;
    /** The accounts by lower-case name. */
    final Map<String, User> users = new LinkedHashMap<>();
    /** Access tokens by the SHA-256 of their value; the values themselves are not kept. */
    final Map<String, AccessToken> tokens = new LinkedHashMap<>();
    final List<Runner> runners = new ArrayList<>();
    final Map<String, Organization> organizations = new LinkedHashMap<>();
    final Map<String, Repo> repositories = new LinkedHashMap<>();
    final Map<String, String> runnerTokens = new LinkedHashMap<>();
    final List<SimulatedRun> runs = new ArrayList<>();
    /** The next id of a token, organisation, repository or run; ids are never reused. */
    long nextId = 1;
    private final Storage storage;

    GiteaState(String adminUser, String adminPassword, Storage storage) {
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
        this.storage = storage;
    }

    /** Adds the simulator's own admin account unless a restored state has it already. */
    void ensureBuiltInAdmin() {
        if (adminUser != null && user(adminUser).isEmpty()) {
            addUser(adminUser, adminUser + "@localhost", adminPassword, true, false);
        }
    }

    Optional<User> user(String name) {
        return Optional.ofNullable(users.get(name.toLowerCase(Locale.ROOT)));
    }

    User addUser(String name, String email, String password, boolean admin, boolean mustChangePassword) {
        String salt = randomHex(16);
        User user = new User(nextId(), name, email, admin, mustChangePassword, salt, PasswordHash.of(password, salt),
                new ArrayList<>());
        users.put(name.toLowerCase(Locale.ROOT), user);
        return user;
    }

    /** The account whose password this is, if any. */
    Optional<User> login(String name, String password) {
        return user(name).filter(u -> PasswordHash.matches(password, u.salt, u.passwordHash));
    }
    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    long nextId() {
        return nextId++;
    }

    /** A new token of {@code owner}; its value is returned here once and only its hash is kept. */
    MintedToken mintToken(String owner, String name, Set<String> scopes) {
        String value = randomHex(20);
        AccessToken token = new AccessToken(nextId(), owner, name, sha256(value), value.substring(value.length() - 8),
                Set.copyOf(scopes));
        tokens.put(token.sha256, token);
        return new MintedToken(token, value);
    }

    boolean hasToken(String owner, String name) {
        return tokens.values().stream().anyMatch(t -> t.owner().equalsIgnoreCase(owner) && t.name().equals(name));
    }

    /** Mints the token {@link GiteaSimulator#adminToken()} hands out, replacing the previous one. */
    MintedToken replaceAdminToken() {
        tokens.values().removeIf(t -> t.owner().equalsIgnoreCase(adminUser) && t.name().equals(ADMIN_TOKEN_NAME));
        return mintToken(adminUser, ADMIN_TOKEN_NAME, Set.of("all"));
    }

    Optional<AccessToken> token(String value) {
        return Optional.ofNullable(tokens.get(sha256(value)));
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    Optional<Organization> organization(String name) {
        return Optional.ofNullable(organizations.get(name.toLowerCase(Locale.ROOT)));
    }

    Organization requireOrganization(String name) {
        return organization(name).orElseThrow(ApiException::notFound);
    }

    Optional<Repo> repository(String owner, String name) {
        return Optional.ofNullable(repositories.get(key(owner, name)));
    }

    Repo requireRepository(String owner, String name) {
        return repository(owner, name).orElseThrow(ApiException::notFound);
    }

    Repo addRepository(Organization owner, String name, String description, boolean isPrivate, String defaultBranch) {
        long id = nextId();
        Repo repo = new Repo(id, owner.name, name, description, isPrivate, defaultBranch,
                storage.createRepository(owner.name, name));
        repo.linkHead();
        putRepository(repo);
        return repo;
    }

    void putRepository(Repo repo) {
        repositories.put(key(repo.owner, repo.name), repo);
    }

    /** Forgets the repository, its runs and its git data. */
    void deleteRepository(Repo repo) {
        repositories.remove(key(repo.owner, repo.name));
        runs.removeIf(r -> r.owner().equalsIgnoreCase(repo.owner) && r.repository().equalsIgnoreCase(repo.name));
        runners.removeIf(r -> r.scope.equalsIgnoreCase(repo.owner + "/" + repo.name));
        runnerTokens.remove(key(repo.owner, repo.name));
        repo.git.close();
        storage.deleteRepository(repo.owner, repo.name);
    }

    List<Repo> repositoriesOf(Organization org) {
        return repositories.values().stream().filter(r -> r.owner.equalsIgnoreCase(org.name)).toList();
    }

    void putOrganization(Organization org) {
        organizations.put(org.name.toLowerCase(Locale.ROOT), org);
    }

    /** Hands the state to the storage after a change. */
    void save() {
        storage.save(this);
    }

    /** Closes the git repositories and the storage. */
    void close() {
        repositories.values().forEach(r -> r.git.close());
        storage.close();
    }

    /**
     * The active registration token of a runner scope ({@code ""} for the instance, {@code owner} or
     * {@code owner/repo}), created when there is none.
     */
    String runnerToken(String scopeKey) {
        return runnerTokens.computeIfAbsent(scopeKey.toLowerCase(Locale.ROOT), k -> randomHex(20));
    }

    /** The scope whose active registration token this is. */
    Optional<String> runnerTokenScope(String token) {
        return runnerTokens.entrySet().stream()
                .filter(e -> MessageDigest.isEqual(e.getValue().getBytes(StandardCharsets.UTF_8),
                        token.getBytes(StandardCharsets.UTF_8)))
                .map(Map.Entry::getKey).findFirst();
    }

    Optional<Runner> runner(long id) {
        return runners.stream().filter(r -> r.id == id).findFirst();
    }

    Optional<Runner> runnerByUuid(String uuid) {
        return runners.stream().filter(r -> r.uuid.equals(uuid)).findFirst();
    }
    SimulatedRun addRun(Repo repo, String workflowFile, String event, String branch, String headSha, String title,
            String actor) {
        SimulatedRun run = new SimulatedRun(nextId(), ++repo.runCount, repo.owner, repo.name, workflowFile, event,
                branch, headSha, title, "queued", Optional.empty(), actor,
                java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        runs.add(run);
        return run;
    }

    Optional<SimulatedRun> run(long id) {
        return runs.stream().filter(r -> r.id() == id).findFirst();
    }

    void replaceRun(SimulatedRun run) {
        runs.replaceAll(r -> r.id() == run.id() ? run : r);
    }

    private static String key(String owner, String name) {
        return (owner + "/" + name).toLowerCase(Locale.ROOT);
    }

    /** A personal access token of an account, known by the hash of its value. */
    record AccessToken(long id, String owner, String name, String sha256, String lastEight, Set<String> scopes) {
    }

    /** An account; its password is kept as a salted PBKDF2 hash. */
    static final class User {
        final long id;
        final String name;
        final String email;
        boolean admin;
        boolean mustChangePassword;
        String salt;
        String passwordHash;
        /** Public SSH keys, each {@code id title key}. */
        final List<PublicKey> keys;

        User(long id, String name, String email, boolean admin, boolean mustChangePassword, String salt,
                String passwordHash, List<PublicKey> keys) {
            this.id = id;
            this.name = name;
            this.email = email;
            this.admin = admin;
            this.mustChangePassword = mustChangePassword;
            this.salt = salt;
            this.passwordHash = passwordHash;
            this.keys = keys;
        }

        void setPassword(String password) {
            salt = randomHex(16);
            passwordHash = PasswordHash.of(password, salt);
        }
    }

    /** A public SSH key on an account. */
    record PublicKey(long id, String title, String key, boolean readOnly, String created) {
    }

    /**
     * A registered Actions runner: where it may take jobs from ({@code scope} as for registration
     * tokens), its own credential (by hash) and when it last called in.
     */
    static final class Runner {
        final long id;
        final String uuid;
        final String tokenHash;
        final String scope;
        final String name;
        final boolean ephemeral;
        String version;
        List<String> labels;
        /** Seconds since the epoch of the runner's last call, 0 when it never called after registering. */
        long lastOnline;
        /** Disabled through the API (1.26): it keeps calling in but is given no job. */
        boolean disabled;

        Runner(long id, String uuid, String tokenHash, String scope, String name, boolean ephemeral, String version,
                List<String> labels, long lastOnline) {
            this.id = id;
            this.uuid = uuid;
            this.tokenHash = tokenHash;
            this.scope = scope;
            this.name = name;
            this.ephemeral = ephemeral;
            this.version = version;
            this.labels = List.copyOf(labels);
            this.lastOnline = lastOnline;
        }
    }

    /** A token just minted, with the value its owner must keep. */
    record MintedToken(AccessToken token, String value) {
    }

    /** When a secret was stored and what it is for; its value is kept apart. */
    record SecretInfo(String description, String createdAt) {
    }

    /** The Actions secrets and variables of an organisation or a repository. */
    static class ActionsSettings {
        final Map<String, String> secrets = new LinkedHashMap<>();
        final Map<String, SecretInfo> secretInfo = new LinkedHashMap<>();
        final Map<String, String> variables = new LinkedHashMap<>();
        final Map<String, String> variableDescriptions = new LinkedHashMap<>();
    }

    /** An organisation with its members (its creator), Actions secrets and variables. */
    static final class Organization extends ActionsSettings {
        final long id;
        final String name;
        String fullName;
        String description;
        String visibility;
        String email = "";
        String website = "";
        String location = "";
        boolean repoAdminChangeTeamAccess;
        /** Lower-case names of the accounts in the organisation (its owners team). */
        final Set<String> members = new java.util.LinkedHashSet<>();

        Organization(long id, String name, String fullName, String description, String visibility) {
            this.id = id;
            this.name = name;
            this.fullName = fullName;
            this.description = description;
            this.visibility = visibility;
        }

        /** Whether {@code user} (null: anonymous) may see this organisation. */
        boolean visibleTo(User user) {
            return visibility.equals("public") || user != null && (user.admin || visibility.equals("limited")
                    || members.contains(user.name.toLowerCase(Locale.ROOT)));
        }

        boolean ownedBy(User user) {
            return user != null && (user.admin || members.contains(user.name.toLowerCase(Locale.ROOT)));
        }
    }

    /** A repository: settings, Actions secrets and variables, and its bare git repository. */
    static final class Repo extends ActionsSettings {
        final long id;
        final String owner;
        final String name;
        String description;
        boolean isPrivate;
        String defaultBranch;
        boolean hasActions = true;
        long runCount;
        String createdAt = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        String updatedAt = createdAt;
        /** File names of the workflows disabled through the API. */
        final Set<String> disabledWorkflows = new java.util.TreeSet<>();
        final Repository git;

        Repo(long id, String owner, String name, String description, boolean isPrivate, String defaultBranch,
                Repository git) {
            this.id = id;
            this.owner = owner;
            this.name = name;
            this.description = description;
            this.isPrivate = isPrivate;
            this.defaultBranch = defaultBranch;
            this.git = git;
        }

        /** Points HEAD at the default branch, as Gitea keeps it. */
        void linkHead() {
            try {
                git.updateRef(Constants.HEAD).link(Constants.R_HEADS + defaultBranch);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        boolean empty() {
            try {
                return git.getRefDatabase().getRefsByPrefix("refs/heads/").isEmpty();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        SimulatedRepository view() {
            return new SimulatedRepository(owner, name, description, isPrivate, defaultBranch, hasActions);
        }
    }
}
