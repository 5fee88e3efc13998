package dev.pxci.domain.stage;

import dev.pxci.domain.config.ContainerDeclaration;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.shell.Shell;
import dev.pxci.ports.shell.ShellConnector;
import dev.pxci.ports.shell.ShellTarget;
import dev.pxci.ports.time.Backoff;
import dev.pxci.ports.time.Ticker;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shell sessions of one run: one per container, opened on first use and reused by every
 * stage, closed when the run ends. Logs in as the service user; a container not bootstrapped yet
 * only lets root in (with the key injected at creation), so root is tried when the service user is
 * refused; a container that does not answer yet (it has just started) is waited for, and asked
 * again as the service user, since a hardened one refuses root.
 */
public final class Sessions implements AutoCloseable {
    /** How long a container that has just started may take to answer SSH. */
    static final Duration READY_DEADLINE = Duration.ofMinutes(3);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(2);
    private final Optional<ShellConnector> connector;
    private final PipelineSettings settings;
    private final Ticker ticker;
    private final Map<Integer, Login> open = new ConcurrentHashMap<>();

    Sessions(Optional<ShellConnector> connector, PipelineSettings settings, Ticker ticker) {
        this.connector = connector;
        this.settings = settings;
        this.ticker = ticker;
    }

    /** The session into a container, as whoever can log in. */
    public Login into(ContainerDeclaration c) {
        return open.computeIfAbsent(c.spec().vmid(), id -> connect(c));
    }

    /** A separate session as the service user only: evidence that it can log in. */
    public Shell asServiceUser(ContainerDeclaration c) {
        return connector().open(target(c, settings.serviceUser()));
    }

    /**
     * Whether the container refuses a login as {@code user} (with the configured key): true when
     * authentication is refused; a session that opens is closed at once. Other failures are thrown.
     */
    public boolean refuses(ContainerDeclaration c, String user) {
        return connector().refusesNewLogin(target(c, user));
    }

    private Login connect(ContainerDeclaration c) {
        ShellConnector shells = connector();
        Backoff.Wait backoff = Backoff.exponential(FIRST_PAUSE, LONGEST_PAUSE).on(ticker)
                .start(READY_DEADLINE, "waiting for a container to answer SSH");
        while (true) {
            try {
                return new Login(shells.open(target(c, settings.serviceUser())), settings.serviceUser());
            } catch (PxciException asServiceUser) {
                if (asServiceUser.code() == ErrorCode.UNAUTHORIZED) {
                    // not bootstrapped yet: only root comes in, with the key injected at creation
                    return new Login(shells.open(target(c, "root")), "root");
                }
                if (asServiceUser.code() != ErrorCode.TRANSIENT) {
                    throw asServiceUser;
                }
                if (backoff.expired()) {
                    throw new PxciException(ErrorCode.TIMEOUT, c.label() + " did not answer SSH within "
                            + READY_DEADLINE.toMinutes() + " min; the last attempt: " + asServiceUser.getMessage(),
                            asServiceUser.hint().orElse(null), asServiceUser);
                }
                // the server is not up yet (the container has just started): whoever it lets in is known once it answers
                backoff.pause();
            }
        }
    }

    private ShellConnector connector() {
        return connector.orElseThrow(() -> new PxciException(ErrorCode.UNSUPPORTED, "no shell transport is configured",
                "select one with --transport ssh|local"));
    }

    private ShellTarget target(ContainerDeclaration c, String user) {
        String host = c.address().orElseThrow(() -> new PxciException(ErrorCode.INVALID_INPUT,
                c.source() + ": IP=dhcp leaves the container's address unknown to the in-container stages",
                "give the container a static IP"));
        return new ShellTarget(host, settings.sshPort(), user);
    }

    /**
     * Ends the session into a container, so the next stage logs in anew: after bootstrap, a session
     * opened as root must give way to the service user, the one login a hardened container allows.
     */
    public void relogin(ContainerDeclaration c) {
        Login login = open.remove(c.spec().vmid());
        if (login != null) {
            login.shell().close();
        }
    }

    @Override
    public void close() {
        open.values().forEach(l -> l.shell().close());
        open.clear();
    }
}
