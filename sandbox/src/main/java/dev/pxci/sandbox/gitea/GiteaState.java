package dev.pxci.sandbox.gitea;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;

/**
 * Everything the simulated Gitea knows: one admin account, its access tokens, organisations,
 * repositories (each backed by an in-memory bare JGit repository), Actions secrets, variables,
 * runner registration tokens and runs. Callers synchronise on the instance.
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

    final String adminUser;
    final String adminPassword;
    final Map<String, AccessToken> tokens = new LinkedHashMap<>();
    final Map<String, Organization> organizations = new LinkedHashMap<>();
    final Map<String, Repo> repositories = new LinkedHashMap<>();
    final Map<String, String> runnerTokens = new LinkedHashMap<>();
    final List<SimulatedRun> runs = new ArrayList<>();
    private long nextId = 1;

    GiteaState(String adminUser) {
        this.adminUser = adminUser;
        this.adminPassword = randomHex(12);
    }

    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    long nextId() {
        return nextId++;
    }

    AccessToken mintToken(String name, Set<String> scopes) {
        AccessToken token = new AccessToken(nextId(), name, randomHex(20), Set.copyOf(scopes));
        tokens.put(token.value, token);
        return token;
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
        Repo repo = new Repo(nextId(), owner.name, name, description, isPrivate, defaultBranch);
        repositories.put(key(owner.name, name), repo);
        return repo;
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

    /** A personal access token of the admin account. */
    static final class AccessToken {
        final long id;
        final String name;
        final String value;
        final Set<String> scopes;

        AccessToken(long id, String name, String value, Set<String> scopes) {
            this.id = id;
            this.name = name;
            this.value = value;
            this.scopes = scopes;
        }
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
        final InMemoryRepository git;

        Repo(long id, String owner, String name, String description, boolean isPrivate, String defaultBranch) {
            this.id = id;
            this.owner = owner;
            this.name = name;
            this.description = description;
            this.isPrivate = isPrivate;
            this.defaultBranch = defaultBranch;
            this.git = new InMemoryRepository(new DfsRepositoryDescription(owner + "/" + name));
            linkHead();
        }

        /** Points HEAD at the default branch, as Gitea keeps it. */
        void linkHead() {
            try {
                git.updateRef(org.eclipse.jgit.lib.Constants.HEAD).link("refs/heads/" + defaultBranch);
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
