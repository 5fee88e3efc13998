package dev.pxci.adapter.shell.internal;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.shell.ShellTarget;
import java.io.IOException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * The connections of one connector: at most one per {@link ShellTarget}, shared by every shell
 * open on that target and kept for {@link #IDLE_LINGER} after the last one closes, so the stages
 * of a run reuse it. A connection found closed is replaced on the next use. Thread-safe.
 */
public final class SshConnections {
    /** How long an unused connection stays open for the next shell on the same target. */
    public static final Duration IDLE_LINGER = Duration.ofSeconds(30);
    private static final String KEEPALIVE_REQUEST = "keepalive@openssh.com";
    private static final int KEEPALIVE_MISSES = 3;
    private static final Duration DISCONNECT_WAIT = Duration.ofSeconds(2);

    private final SshSettings settings;
    private final List<KeyPair> identities;
    private final Map<ShellTarget, Entry> entries = new HashMap<>();
    private SshClient client;
    private ScheduledExecutorService idleCloser;

    public SshConnections(SshSettings settings, List<KeyPair> identities) {
        this.settings = settings;
        this.identities = List.copyOf(identities);
    }

    /** Takes a share of the target's connection; the caller must {@link Lease#close()} it. Does not connect yet. */
    public synchronized Lease lease(ShellTarget target) {
        Entry entry = entries.computeIfAbsent(target, Entry::new);
        entry.users++;
        if (entry.idleClose != null) {
            entry.idleClose.cancel(false);
            entry.idleClose = null;
        }
        return new Lease(entry);
    }

    /**
     * Logs in on a new connection of its own, outside the shared ones, and closes it: whether the
     * server lets this user in now, whatever connections opened earlier were allowed.
     *
     * @throws PxciException {@code UNAUTHORIZED} when the login is refused, other codes as {@link Lease#session}
     */
    public void loginAfresh(ShellTarget target) {
        new Entry(target).connect(settings.connectTimeout()).close(true);
    }

    private synchronized SshClient client() {
        if (client == null) {
            SshClient c = SshClient.setUpDefaultClient();
            c.setServerKeyVerifier(new HostKeyVerifier(settings));
            c.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
            c.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
            c.setUserAuthFactories(settings.password().isPresent()
                    ? List.of(UserAuthPublicKeyFactory.INSTANCE, UserAuthPasswordFactory.INSTANCE)
                    : List.of(UserAuthPublicKeyFactory.INSTANCE));
            if (!settings.keepalive().isZero()) {
                CoreModuleProperties.HEARTBEAT_INTERVAL.set(c, settings.keepalive());
                CoreModuleProperties.HEARTBEAT_REQUEST.set(c, KEEPALIVE_REQUEST);
                CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(c, KEEPALIVE_MISSES);
            }
            c.start();
            client = c;
        }
        return client;
    }

    private synchronized void release(Entry entry) {
        entry.users--;
        if (entry.users > 0) {
            return;
        }
        if (idleCloser == null) {
            idleCloser = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "pxci-ssh-idle-close");
                t.setDaemon(true);
                return t;
            });
        }
        entry.idleClose = idleCloser.schedule(() -> closeIdle(entry), IDLE_LINGER.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void closeIdle(Entry entry) {
        synchronized (this) {
            if (entry.users > 0 || entries.get(entry.target) != entry) {
                return;
            }
            entries.remove(entry.target);
        }
        entry.disconnect();
        synchronized (this) {
            if (entries.isEmpty() && client != null) {
                client.stop();
                client = null;
                idleCloser.shutdown();
                idleCloser = null;
            }
        }
    }

    /** A share of one target's connection, held by one shell. */
    public final class Lease implements AutoCloseable {
        private final Entry entry;
        private boolean closed;

        private Lease(Entry entry) {
            this.entry = entry;
        }

        public ShellTarget target() {
            return entry.target;
        }

        /** The open, authenticated session, connecting first when there is none or the last one was closed. */
        public ClientSession session(Duration connectTimeout) {
            return entry.session(connectTimeout, null);
        }

        /** A new session replacing {@code broken} (unless another thread already replaced it). */
        public ClientSession reconnect(ClientSession broken) {
            return entry.session(settings.connectTimeout(), broken);
        }

        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            release(entry);
        }
    }

    private final class Entry {
        private final ShellTarget target;
        private int users;
        private ScheduledFuture<?> idleClose;
        private ClientSession session;

        Entry(ShellTarget target) {
            this.target = target;
        }

        synchronized ClientSession session(Duration connectTimeout, ClientSession broken) {
            if (session != null && session == broken) {
                session.close(true);
            }
            if (session == null || !session.isOpen()) {
                session = connect(connectTimeout);
            }
            return session;
        }

        synchronized void disconnect() {
            if (session != null) {
                try {
                    session.close(false).await(DISCONNECT_WAIT);
                } catch (IOException e) {
                    session.close(true);
                }
                session = null;
            }
        }

        private ClientSession connect(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            AtomicReference<HostKeyVerifier.HostKeyRefusal> refusal = new AtomicReference<>();
            ConnectFuture future;
            ClientSession s;
            try {
                future = client().connect(target.user(), target.host(), target.port(),
                        AttributeRepository.ofAttributesMap(
                                Map.of(HostKeyVerifier.TARGET, target, HostKeyVerifier.REFUSAL, refusal)),
                        null);
                s = future.verify(timeout).getSession();
            } catch (IOException | RuntimeException e) {
                throw refused(refusal, e).orElseGet(() -> SshErrors.connectFailed(target, e));
            }
            identities.forEach(s::addPublicKeyIdentity);
            settings.password().ifPresent(p -> s.addPasswordIdentity(p.reveal()));
            try {
                s.auth().verify(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                return s;
            } catch (IOException | RuntimeException e) {
                boolean stillOpen = s.isOpen();
                s.close(true);
                throw refused(refusal, e).orElseGet(() -> authFailed(stillOpen, e));
            }
        }

        private Optional<PxciException> refused(AtomicReference<HostKeyVerifier.HostKeyRefusal> refusal, Exception e) {
            return Optional.ofNullable(refusal.get())
                    .map(r -> new PxciException(ErrorCode.FORBIDDEN, r.message(), r.hint(), e));
        }

        /** Authentication failed: refused when the server is still talking to us, a lost connection otherwise. */
        private PxciException authFailed(boolean stillOpen, Exception e) {
            if (stillOpen) {
                return new PxciException(ErrorCode.UNAUTHORIZED, "the SSH server at " + target
                        + " refused to authenticate user '" + target.user() + "' with " + offered(),
                        "authorise the public key for " + target.user() + " (~/.ssh/authorized_keys on the host)"
                                + " or check " + SshSettings.PRIVATE_KEY, e);
            }
            return SshErrors.connectFailed(target, e);
        }

        private String offered() {
            StringBuilder what = new StringBuilder();
            for (KeyPair key : identities) {
                what.append(what.length() == 0 ? "" : ", ").append("key ")
                        .append(HostKeyVerifier.fingerprint(key.getPublic()));
            }
            if (settings.password().isPresent()) {
                what.append(what.length() == 0 ? "" : " and ").append("a password");
            }
            return what.toString();
        }
    }
}
