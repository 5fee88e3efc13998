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
 * Everything the simulated Gitea knows: one admin account, its access tokens, organisations,
 * repositories (each backed by a bare JGit repository), Actions secrets, variables, runner
 * registration tokens and runs. Callers synchronise on the instance and call {@link #save()} after
 * a change; the {@link Storage} decides whether that reaches a disk.
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

    final String adminUser;
    final String adminPassword;
    /** The admin's access tokens by the SHA-256 of their value; the values themselves are not kept. */
    final Map<String, AccessToken> tokens = new LinkedHashMap<>();
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

    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    long nextId() {
        return nextId++;
    }

    /** A new token; its value is returned here once and only its hash is kept. */
    MintedToken mintToken(String name, Set<String> scopes) {
        String value = randomHex(20);
        AccessToken token = new AccessToken(nextId(), name, sha256(value), value.substring(value.length() - 8),
                Set.copyOf(scopes));
        tokens.put(token.sha256, token);
        return new MintedToken(token, value);
    }

    /** Mints the token {@link GiteaSimulator#adminToken()} hands out, replacing the previous one. */
    MintedToken replaceAdminToken() {
        tokens.values().removeIf(t -> t.name().equals(ADMIN_TOKEN_NAME));
        return mintToken(ADMIN_TOKEN_NAME, Set.of("all"));
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

    String runnerToken(String scopeKey) {
        return runnerTokens.computeIfAbsent(scopeKey.toLowerCase(Locale.ROOT), k -> randomHex(20));
    }

    SimulatedRun addRun(Repo repo, String workflowFile, String event, String branch, String headSha, String title) {
        SimulatedRun run = new SimulatedRun(nextId(), ++repo.runCount, repo.owner, repo.name, workflowFile, event,
                branch, headSha, title, "queued", Optional.empty());
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

    /** A personal access token of the admin account, known by the hash of its value. */
    record AccessToken(long id, String name, String sha256, String lastEight, Set<String> scopes) {
    }

    /** A token just minted, with the value its owner must keep. */
    record MintedToken(AccessToken token, String value) {
    }

    /** An organisation with its Actions secrets and variables. */
    static final class Organization {
        final long id;
        final String name;
        final String fullName;
        final String description;
        final String visibility;
        final Map<String, String> secrets = new LinkedHashMap<>();
        final Map<String, String> variables = new LinkedHashMap<>();

        Organization(long id, String name, String fullName, String description, String visibility) {
            this.id = id;
            this.name = name;
            this.fullName = fullName;
            this.description = description;
            this.visibility = visibility;
        }
    }

    /** A repository: settings, Actions secrets and variables, and its bare git repository. */
    static final class Repo {
        final long id;
        final String owner;
        final String name;
        String description;
        boolean isPrivate;
        String defaultBranch;
        boolean hasActions = true;
        long runCount;
        final Map<String, String> secrets = new LinkedHashMap<>();
        final Map<String, String> variables = new LinkedHashMap<>();
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
