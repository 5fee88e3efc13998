package dev.pxci.sandbox.gitea;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.eclipse.jgit.lib.Repository;

/**
 * The simulator's state as the JSON documents of a state directory: {@link State} holds everything
 * but secret values, {@link Secrets} the Actions secrets and runner registration tokens, {@link
 * Admin} the admin account. Access tokens appear by hash only.
 */
final class StateDocuments {
    /**
     * The layout of the documents; a directory written in another layout is refused. Format 1 had
     * no accounts besides the simulator's admin and no runners: it is read as such.
     */
    static final int FORMAT = 2;
    static final int OLDEST_READABLE_FORMAT = 1;

    private StateDocuments() {
    }

    record State(int format, String giteaVersion, long nextId, List<User> users, List<Token> tokens,
            List<Organization> organizations, List<Repo> repositories, List<Run> runs, List<Runner> runners) {
    }

    record User(long id, String name, String email, boolean admin, boolean mustChangePassword, String salt,
            String passwordHash, List<Key> keys) {
    }

    record Key(long id, String title, String key, boolean readOnly, String created) {
    }

    /** {@code owner} is null in format 1, where every token was the simulator's admin's. */
    record Token(long id, String owner, String name, String sha256, String lastEight, Set<String> scopes) {
    }

    record Runner(long id, String uuid, String tokenHash, String scope, String name, boolean ephemeral,
            String version, List<String> labels, long lastOnline, boolean disabled) {
    }

    /** Fields after {@code variables} are null in format 1. */
    record Organization(long id, String name, String fullName, String description, String visibility,
            Map<String, String> variables, Map<String, String> variableDescriptions, Set<String> members,
            String email, String website,
            String location, boolean repoAdminChangeTeamAccess) {
    }

    /** Fields after {@code variables} are null in format 1. */
    record Repo(long id, String owner, String name, String description, boolean isPrivate, String defaultBranch,
            boolean hasActions, long runCount, Map<String, String> variables, Map<String, String> variableDescriptions,
            Set<String> disabledWorkflows, String createdAt, String updatedAt) {
    }

    /** {@code actor} and {@code createdAt} are null in format 1. */
    record Run(long id, long runNumber, String owner, String repository, String workflowFile, String event,
            String branch, String headSha, String title, String status, String conclusion, String actor,
            String createdAt) {
    }

    /**
     * Secret values, by organisation name and by {@code owner/repository}, with when each was
     * stored and its description ({@code *Info}, null in format 1).
     */
    record Secrets(Map<String, Map<String, String>> organizations, Map<String, Map<String, String>> repositories,
            Map<String, String> runnerTokens, Map<String, Map<String, GiteaState.SecretInfo>> organizationInfo,
            Map<String, Map<String, GiteaState.SecretInfo>> repositoryInfo) {
    }

    record Admin(String user, String password) {
    }

    static State state(GiteaState s, SimulatedVersion version) {
        return new State(FORMAT, version.text, s.nextId,
                s.users.values().stream().map(u -> new User(u.id, u.name, u.email, u.admin, u.mustChangePassword,
                        u.salt, u.passwordHash, u.keys.stream().map(k -> new Key(k.id(), k.title(), k.key(),
                                k.readOnly(), k.created())).toList())).toList(),
                s.tokens.values().stream().map(t -> new Token(t.id(), t.owner(), t.name(), t.sha256(), t.lastEight(),
                        new TreeSet<>(t.scopes()))).toList(),
                s.organizations.values().stream().map(o -> new Organization(o.id, o.name, o.fullName,
                        o.description, o.visibility, new LinkedHashMap<>(o.variables),
                        new LinkedHashMap<>(o.variableDescriptions), new TreeSet<>(o.members), o.email, o.website, o.location, o.repoAdminChangeTeamAccess)).toList(),
                s.repositories.values().stream().map(r -> new Repo(r.id, r.owner, r.name, r.description, r.isPrivate,
                        r.defaultBranch, r.hasActions, r.runCount, new LinkedHashMap<>(r.variables),
                        new LinkedHashMap<>(r.variableDescriptions), new TreeSet<>(r.disabledWorkflows), r.createdAt, r.updatedAt)).toList(),
                s.runs.stream().map(r -> new Run(r.id(), r.runNumber(), r.owner(), r.repository(), r.workflowFile(),
                        r.event(), r.branch(), r.headSha(), r.title(), r.status(), r.conclusion().orElse(null),
                        r.actor(), r.createdAt())).toList(),
                s.runners.stream().map(r -> new Runner(r.id, r.uuid, r.tokenHash, r.scope, r.name, r.ephemeral,
                        r.version, r.labels, r.lastOnline, r.disabled)).toList());
    }

    static Secrets secrets(GiteaState s) {
        Map<String, Map<String, String>> orgs = new LinkedHashMap<>();
        Map<String, Map<String, GiteaState.SecretInfo>> orgInfo = new LinkedHashMap<>();
        s.organizations.values().forEach(o -> {
            orgs.put(o.name, new LinkedHashMap<>(o.secrets));
            orgInfo.put(o.name, new LinkedHashMap<>(o.secretInfo));
        });
        Map<String, Map<String, String>> repos = new LinkedHashMap<>();
        Map<String, Map<String, GiteaState.SecretInfo>> repoInfo = new LinkedHashMap<>();
        s.repositories.values().forEach(r -> {
            repos.put(r.owner + "/" + r.name, new LinkedHashMap<>(r.secrets));
            repoInfo.put(r.owner + "/" + r.name, new LinkedHashMap<>(r.secretInfo));
        });
        return new Secrets(orgs, repos, new LinkedHashMap<>(s.runnerTokens), orgInfo, repoInfo);
    }

    /**
     * Puts what the documents hold into an empty state; {@code openGit} opens the bare repository of
     * {@code owner, name}.
     */
    static void restore(GiteaState s, State state, Secrets secrets, BiFunction<String, String, Repository> openGit) {
        s.nextId = state.nextId();
        for (User u : listOrEmpty(state.users())) {
            s.users.put(u.name().toLowerCase(java.util.Locale.ROOT), new GiteaState.User(u.id(), u.name(), u.email(),
                    u.admin(), u.mustChangePassword(), u.salt(), u.passwordHash(), new java.util.ArrayList<>(
                            listOrEmpty(u.keys()).stream().map(k -> new GiteaState.PublicKey(k.id(), k.title(),
                                    k.key(), k.readOnly(), k.created())).toList())));
        }
        state.tokens().forEach(t -> s.tokens.put(t.sha256(), new GiteaState.AccessToken(t.id(),
                t.owner() == null ? s.adminUser : t.owner(), t.name(), t.sha256(), t.lastEight(),
                Set.copyOf(t.scopes()))));
        for (Runner r : listOrEmpty(state.runners())) {
            GiteaState.Runner runner = new GiteaState.Runner(r.id(), r.uuid(), r.tokenHash(), r.scope(), r.name(),
                    r.ephemeral(), r.version(), r.labels(), r.lastOnline());
            runner.disabled = r.disabled();
            s.runners.add(runner);
        }
        for (Organization o : state.organizations()) {
            GiteaState.Organization org = new GiteaState.Organization(o.id(), o.name(), o.fullName(),
                    o.description(), o.visibility());
            restoreActions(org, o.variables(), o.variableDescriptions(),
                    infoOf(secrets.organizationInfo(), o.name()), secrets.organizations().getOrDefault(o.name(), Map.of()));
            if (o.members() == null) {
                // format 1: organisations were made by the simulator's admin
                org.members.add(s.adminUser.toLowerCase(java.util.Locale.ROOT));
            } else {
                org.members.addAll(o.members());
            }
            org.email = orEmpty(o.email());
            org.website = orEmpty(o.website());
            org.location = orEmpty(o.location());
            org.repoAdminChangeTeamAccess = o.repoAdminChangeTeamAccess();
            s.putOrganization(org);
        }
        for (Repo r : state.repositories()) {
            GiteaState.Repo repo = new GiteaState.Repo(r.id(), r.owner(), r.name(), r.description(), r.isPrivate(),
                    r.defaultBranch(), openGit.apply(r.owner(), r.name()));
            repo.hasActions = r.hasActions();
            repo.runCount = r.runCount();
            String key = r.owner() + "/" + r.name();
            restoreActions(repo, r.variables(), r.variableDescriptions(), infoOf(secrets.repositoryInfo(), key),
                    secrets.repositories().getOrDefault(key, Map.of()));
            if (r.disabledWorkflows() != null) {
                repo.disabledWorkflows.addAll(r.disabledWorkflows());
            }
            if (r.createdAt() != null) {
                repo.createdAt = r.createdAt();
                repo.updatedAt = r.updatedAt();
            }
            s.putRepository(repo);
        }
        s.runnerTokens.putAll(secrets.runnerTokens());
        state.runs().forEach(r -> s.runs.add(new SimulatedRun(r.id(), r.runNumber(), r.owner(), r.repository(),
                r.workflowFile(), r.event(), r.branch(), r.headSha(), r.title(), r.status(),
                Optional.ofNullable(r.conclusion()), r.actor() == null ? orEmpty(s.adminUser) : r.actor(),
                r.createdAt() == null ? "1970-01-01T00:00:00Z" : r.createdAt())));
    }

    private static void restoreActions(GiteaState.ActionsSettings settings, Map<String, String> variables,
            Map<String, String> variableDescriptions, Map<String, GiteaState.SecretInfo> secretInfo,
            Map<String, String> secretValues) {
        settings.variables.putAll(variables);
        settings.variableDescriptions.putAll(variableDescriptions == null ? Map.of() : variableDescriptions);
        settings.secrets.putAll(secretValues);
        for (String name : secretValues.keySet()) {
            settings.secretInfo.put(name, secretInfo == null || !secretInfo.containsKey(name)
                    ? new GiteaState.SecretInfo("", "1970-01-01T00:00:00Z") : secretInfo.get(name));
        }
    }

    private static Map<String, GiteaState.SecretInfo> infoOf(Map<String, Map<String, GiteaState.SecretInfo>> info,
            String key) {
        return info == null ? null : info.get(key);
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    private static <T> List<T> listOrEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
