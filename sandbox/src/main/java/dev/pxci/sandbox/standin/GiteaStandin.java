package dev.pxci.sandbox.standin;

import dev.pxci.sandbox.gitea.GiteaAdministration;
import dev.pxci.sandbox.gitea.GiteaSimulator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import dev.pxci.sandbox.StopSignals;

/**
 * {@code gitea-standin}: the pxci Gitea simulator in the place of the Gitea binary, which no
 * registry here serves. It answers the part of Gitea's command line that pxci's stages use, as
 * Gitea does: {@code --version}, {@code web} (the REST API, git over smart HTTP and the runner API
 * on {@code [server] HTTP_ADDR:HTTP_PORT}, links under {@code ROOT_URL}, repositories under {@code
 * [repository] ROOT}), {@code migrate},
 * {@code generate secret}, {@code admin user create|list|generate-access-token|change-password} and {@code actions
 * generate-runner-token}. Like Gitea it refuses to run as root and as another user than {@code
 * RUN_USER}. It says everywhere that it is a stand-in; it is not Gitea.
 *
 * <p>Its database is where Gitea's would be, {@code [database] PATH} (by default {@code
 * APP_DATA_PATH/gitea.db}), but as the simulator's state directory (JSON documents, owner-only)
 * instead of a SQLite file: {@code migrate} makes it, so a guard such as "creates gitea.db" holds.
 */
public final class GiteaStandin {
    /** The Gitea release imitated unless {@code PXCI_STANDIN_GITEA_VERSION} says otherwise; the cookbook's pin. */
    static final String DEFAULT_VERSION = "1.26.1";
    private static final Set<String> BOOLEANS = Set.of("version", "help", "admin", "random-password",
            "must-change-password", "access-token", "restricted", "raw");
    private static final Map<String, String> ALIASES = Map.of("c", "config", "w", "work-path", "C", "custom-path",
            "v", "version", "h", "help", "u", "username", "t", "token-name", "s", "scope", "p", "password");
    private static final long ADMIN_WAIT_MILLIS = 10_000;

    private final Map<String, String> env;
    private final String version;

    private GiteaStandin(Map<String, String> env) {
        this.env = env;
        this.version = env.getOrDefault("PXCI_STANDIN_GITEA_VERSION", DEFAULT_VERSION);
    }

    public static void main(String[] args) {
        GiteaStandin standin = new GiteaStandin(System.getenv());
        Outcome outcome;
        try {
            outcome = standin.run(List.of(args));
        } catch (RuntimeException e) {
            outcome = Outcome.commandError(e.getMessage());
        }
        System.out.print(outcome.stdout());
        System.out.flush();
        System.err.print(outcome.stderr());
        System.err.flush();
        System.exit(outcome.exit());
    }

    private Outcome run(List<String> args) {
        CommandLine c = CommandLine.parse(args, BOOLEANS, ALIASES);
        if (c.words().isEmpty()) {
            return c.bool("version") ? Outcome.ok(versionLine()) : new Outcome(c.bool("help") ? 0 : 1, usage(), "");
        }
        return switch (c.word(0)) {
            case "web" -> web(c);
            case "migrate" -> migrate(c);
            case "generate" -> generate(c);
            case "admin", "actions" -> GiteaCommands.handles(c) ? administer(args, c)
                    : Outcome.commandError("the gitea-standin does not know the command '" + String.join(" ", c.words())
                            + "'; it answers: " + usage().strip());
            default -> Outcome.commandError("No help topic for '" + c.word(0) + "'");
        };
    }

    private String versionLine() {
        return "Gitea version " + version + " built with pxci gitea-standin: the pxci Gitea simulator standing in for"
                + " Gitea " + version + ", whose binary no registry here serves; it is not Gitea\n";
    }

    private static String usage() {
        return "gitea-standin (pxci): --version | web | migrate | generate secret KIND"
                + " | admin user create|list|generate-access-token|change-password | actions generate-runner-token\n";
    }

    private AppIni config(CommandLine c) {
        Path workPath = Path.of(c.value("work-path").orElse(env.getOrDefault("GITEA_WORK_DIR", ".")));
        Path custom = c.value("custom-path").map(Path::of).orElse(Path.of(env.getOrDefault("GITEA_CUSTOM",
                workPath.resolve("custom").toString())));
        Path file = c.value("config").map(Path::of).orElse(custom.resolve("conf/app.ini"));
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("the configuration " + file + " does not exist; the gitea-standin"
                    + " has no installer: give --config /etc/gitea/app.ini");
        }
        AppIni ini = AppIni.read(file, c.value("work-path"));
        checkUser(ini);
        return ini;
    }

    /** Gitea's own checks ({@code modules/setting}): not as root unless told it is unsafe, and only as RUN_USER. */
    private void checkUser(AppIni ini) {
        String current = System.getProperty("user.name");
        boolean root = isRoot();
        boolean unsafe = ini.allowsRoot()
                || Boolean.parseBoolean(env.getOrDefault("GITEA_I_AM_BEING_UNSAFE_RUNNING_AS_ROOT", "false"));
        if (root && !unsafe) {
            throw new IllegalStateException("Gitea is not supposed to be run as root. Sorry. If you need to use"
                    + " privileged TCP ports please instead use setcap and the `cap_net_bind_service` permission");
        }
        String runUser = ini.runUser().orElse(current);
        if (!runUser.equals(current)) {
            throw new IllegalStateException("Expect user '" + runUser + "' but current user is: " + current);
        }
    }

    private static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static Path stateDirectory(AppIni ini) {
        return ini.databasePath();
    }

    private Outcome migrate(CommandLine c) {
        AppIni ini = config(c);
        Optional<GiteaAdministration> direct = GiteaAdministration.openStateDirectory(stateDirectory(ini),
                ini.repositoryRoot(), version);
        direct.ifPresent(GiteaAdministration::close);
        return Outcome.ok("");
    }

    private static Outcome generate(CommandLine c) {
        if (!c.word(1).equals("secret")) {
            return Outcome.commandError("No help topic for '" + c.word(1) + "'");
        }
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[c.word(2).equals("SECRET_KEY") ? 48 : 32];
        String secret = switch (c.word(2)) {
            case "SECRET_KEY", "JWT_SECRET", "LFS_JWT_SECRET" -> {
                random.nextBytes(bytes);
                yield Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            }
            case "INTERNAL_TOKEN" -> {
                random.nextBytes(bytes);
                Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
                yield b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes()) + "."
                        + b64.encodeToString(("{\"nbf\":" + System.currentTimeMillis() / 1000 + "}").getBytes()) + "."
                        + b64.encodeToString(bytes);
            }
            default -> null;
        };
        if (secret == null) {
            return Outcome.commandError("unknown secret kind '" + c.word(2)
                    + "'; known: INTERNAL_TOKEN, JWT_SECRET, LFS_JWT_SECRET, SECRET_KEY");
        }
        // as Gitea: a newline only on a terminal, so command substitution takes the value as is
        return Outcome.ok(System.console() == null ? secret : secret + "\n");
    }

    /**
     * Runs an admin command in the running web process, or on the state directory when no web runs
     * (not for those that need the web, as in Gitea). Waits a little while a starting web holds the
     * state but does not listen yet.
     */
    private Outcome administer(List<String> args, CommandLine c) {
        AppIni ini = config(c);
        Path state = stateDirectory(ini);
        long deadline = System.currentTimeMillis() + ADMIN_WAIT_MILLIS;
        while (true) {
            Optional<Outcome> viaWeb = AdminChannel.call(state, args);
            if (viaWeb.isPresent()) {
                return viaWeb.get();
            }
            Optional<GiteaAdministration> direct = GiteaAdministration.openStateDirectory(state, ini.repositoryRoot(),
                    version);
            if (direct.isPresent()) {
                try (GiteaAdministration admin = direct.get()) {
                    if (GiteaCommands.needsWeb(c)) {
                        return Outcome.commandError("the Gitea web server of " + ini.file() + " is not running: "
                                + "this command asks it, as Gitea's internal API does; start `gitea web` first");
                    }
                    return GiteaCommands.execute(c, admin);
                }
            }
            if (System.currentTimeMillis() > deadline) {
                return Outcome.commandError("the state in " + state + " is held by a Gitea that does not answer on "
                        + state.resolve(AdminChannel.SOCKET));
            }
            sleep(200);
        }
    }

    private Outcome web(CommandLine c) {
        AppIni ini = config(c);
        Path state = stateDirectory(ini);
        String rootUrl = ini.rootUrl();
        GiteaSimulator simulator;
        try {
            simulator = GiteaSimulator.builder().version(version).accountsFromCommandLine().stateDirectory(state)
                    .repositoryRoot(ini.repositoryRoot()).listenAddress(InetAddress.getByName(ini.httpAddress()))
                    .port(ini.httpPort()).rootUrl(rootUrl).start();
        } catch (IOException e) {
            return Outcome.commandError("[server] HTTP_ADDR " + ini.httpAddress() + " is not an address: "
                    + e.getMessage());
        }
        AdminChannel channel = AdminChannel.serve(state,
                args -> GiteaCommands.execute(CommandLine.parse(args, BOOLEANS, ALIASES), simulator.administration()));
        log("pxci gitea-standin: the pxci Gitea simulator standing in for Gitea " + version + " (it is not Gitea)");
        log("Listen: http://" + ini.httpAddress() + ":" + simulator.port());
        log("AppURL(ROOT_URL): " + URI.create(rootUrl));
        log("State: " + state + ", repositories: " + ini.repositoryRoot());
        try {
            log("Received " + StopSignals.await() + ": stopping");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            channel.close();
            simulator.close();
        }
        log("Gitea stand-in stopped");
        return Outcome.ok("");
    }

    private static void log(String message) {
        System.out.println(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss"))
                + " [I] " + message);
        System.out.flush();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
