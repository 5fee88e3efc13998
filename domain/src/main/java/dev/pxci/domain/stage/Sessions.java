package dev.pxci.domain.stage;

import dev.pxci.domain.config.ContainerDeclaration;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.shell.Shell;
import dev.pxci.ports.shell.ShellConnector;
import dev.pxci.ports.shell.ShellTarget;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shell sessions of one run: one per container, opened on first use and reused by every
 * stage, closed when the run ends. Logs in as the service user; a container not bootstrapped yet
 * only lets root in (with the key injected at creation), so root is tried when the service user is
 * refused, and waited for when the container does not answer yet (it has just started).
 */
public final class Sessions implements AutoCloseable {
    /** How long a container that has just started may take to answer SSH. */
    static final Duration READY_DEADLINE = Duration.ofMinutes(3);
    private final Optional<ShellConnector> connector;
    private final PipelineSettings settings;
    private final Map<Integer, Login> open = new ConcurrentHashMap<>();

    Sessions(Optional<ShellConnector> connector, PipelineSettings settings) {
        this.connector = connector;
        this.settings = settings;
    }

    /** The session into a container, as whoever can log in. */
    public Login into(ContainerDeclaration c) {
        return open.computeIfAbsent(c.spec().vmid(), id -> connect(c));
    }

    /** A separate session as the service user only: evidence that it can log in. */
    public Shell asServiceUser(ContainerDeclaration c) {
        return connector().open(target(c, settings.serviceUser()));
    }

    private Login connect(ContainerDeclaration c) {
        ShellConnector shells = connector();
        try {
            return new Login(shells.open(target(c, settings.serviceUser())), settings.serviceUser());
        } catch (PxciException refused) {
            if (refused.code() == ErrorCode.UNAUTHORIZED) {
                return new Login(shells.open(target(c, "root")), "root");
            }
            return new Login(shells.openWhenReady(target(c, "root"), READY_DEADLINE), "root");
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

    @Override
    public void close() {
        open.values().forEach(l -> l.shell().close());
        open.clear();
    }
}
