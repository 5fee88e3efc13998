package dev.pxci.sandbox.gitea;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What Gitea's command line ({@code gitea admin user ...}, {@code gitea actions
 * generate-runner-token}) does to a Gitea's accounts, tokens and runner registration tokens, on
 * the state of a running simulator ({@link GiteaSimulator#administration()}) or on a state
 * directory no simulator is using ({@link #openStateDirectory}). Refusals are {@link Refused} with
 * Gitea's texts. Thread-safe; every change is saved before the call returns.
 */
public final class GiteaAdministration implements AutoCloseable {
    private final GiteaState state;
    private final SimulatedVersion version;
    private final boolean ownsState;

    GiteaAdministration(GiteaState state, SimulatedVersion version, boolean ownsState) {
        this.state = state;
        this.version = version;
        this.ownsState = ownsState;
    }

    /**
     * The administration of the Gitea kept in {@code stateDirectory} (repositories under {@code
     * repositoryRoot}), or empty when a simulator is using that directory now; {@link #close()}
     * releases it.
     */
    public static Optional<GiteaAdministration> openStateDirectory(Path stateDirectory, Path repositoryRoot,
            String version) {
        SimulatedVersion simulated = SimulatedVersion.of(version);
        try {
            return Optional.of(new GiteaAdministration(StateDirectory.load(stateDirectory, repositoryRoot, simulated,
                    null, null), simulated, true));
        } catch (StateDirectory.InUse e) {
            return Optional.empty();
        }
    }

    /** A refusal, worded as Gitea words it. */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** An account as {@code gitea admin user list} shows it. */
    public record Account(long id, String name, String email, boolean active, boolean admin) {
    }

    /** The Gitea release this administration behaves like. */
    public String version() {
        return version.text;
    }

    /**
     * Creates an account; {@code mustChangePassword} empty means Gitea's default (true, except for
     * the first account). Refused when the name or the e-mail address is taken or invalid.
     */
    public Account createUser(String name, String email, String password, boolean admin,
            Optional<Boolean> mustChangePassword) {
        synchronized (state) {
            if (!name.matches("[A-Za-z0-9_.-]+") || name.length() > 40) {
                throw new Refused("CreateUser: name is invalid [" + name + "]: must be valid alpha or numeric or"
                        + " dash(-_) or dot characters");
            }
            if (state.user(name).isPresent() || state.organization(name).isPresent()) {
                throw new Refused("CreateUser: user already exists [name: " + name + "]");
            }
            if (!email.matches("[^@\\s]+@[^@\\s]+")) {
                throw new Refused("CreateUser: e-mail invalid [email: " + email + "]");
            }
            if (state.users.values().stream().anyMatch(u -> u.email.equalsIgnoreCase(email))) {
                throw new Refused("CreateUser: e-mail already in use [email: " + email + "]");
            }
            boolean first = state.users.isEmpty();
            GiteaState.User user = state.addUser(name, email, password, admin,
                    mustChangePassword.orElse(!first));
            state.save();
            return account(user);
        }
    }

    /** Sets an account's password; refused when there is no such account. */
    public void changePassword(String name, String password, boolean mustChangePassword) {
        synchronized (state) {
            GiteaState.User user = state.user(name)
                    .orElseThrow(() -> new Refused("user does not exist [uid: 0, name: " + name + "]"));
            user.setPassword(password);
            user.mustChangePassword = mustChangePassword;
            state.save();
        }
    }

    /** Every account, oldest first. */
    public List<Account> users() {
        synchronized (state) {
            return state.users.values().stream().map(GiteaAdministration::account).toList();
        }
    }

    /**
     * Mints an access token of {@code user} named {@code tokenName} with the comma-separated
     * {@code scopes}; returns its value, which nothing keeps.
     */
    public String generateAccessToken(String user, String tokenName, String scopes) {
        synchronized (state) {
            GiteaState.User owner = state.user(user)
                    .orElseThrow(() -> new Refused("user does not exist [uid: 0, name: " + user + "]"));
            if (state.hasToken(owner.name, tokenName)) {
                throw new Refused("access token name has been used already");
            }
            Set<String> normalized = new LinkedHashSet<>();
            for (String scope : Arrays.stream(scopes.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()) {
                if (!GiteaState.KNOWN_SCOPES.contains(scope)) {
                    throw new Refused("invalid access token scope provided: access token scope is invalid: " + scope);
                }
                normalized.add(scope);
            }
            String value = state.mintToken(owner.name, tokenName, normalized).value();
            state.save();
            return value;
        }
    }

    /**
     * The active runner registration token of {@code scope}: empty for the instance, {@code owner}
     * or {@code owner/repo}; made when there is none.
     */
    public String runnerToken(String scope) {
        synchronized (state) {
            String key = scope.trim();
            if (!key.isEmpty()) {
                String[] parts = key.split("/", 2);
                if (state.organization(parts[0]).isEmpty() && state.user(parts[0]).isEmpty()) {
                    throw new Refused("Unable to find owner: " + parts[0]);
                }
                if (parts.length == 2 && state.repository(parts[0], parts[1]).isEmpty()) {
                    throw new Refused("Unable to find repository: " + key);
                }
            }
            String token = state.runnerToken(key.toLowerCase(Locale.ROOT));
            state.save();
            return token;
        }
    }

    private static Account account(GiteaState.User user) {
        return new Account(user.id, user.name, user.email, true, user.admin);
    }

    /** Releases the state directory when this administration opened it; otherwise nothing. */
    @Override
    public void close() {
        if (ownsState) {
            synchronized (state) {
                state.close();
            }
        }
    }
}
