package dev.pxci.adapter.shell.internal;

import dev.pxci.ports.Redactor;
import dev.pxci.ports.shell.Command;
import dev.pxci.ports.shell.CommandResult;
import dev.pxci.ports.shell.OutputChannel;
import dev.pxci.ports.shell.OutputListener;
import dev.pxci.ports.shell.Shell;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;

/**
 * A shell over one shared SSH connection. Commands go through {@link RemoteScript} (nothing secret on
 * the remote command line); a command that outlives its timeout has its whole remote process tree
 * killed. A dropped connection fails the command with {@code TRANSIENT} and is not retried (the
 * command may have had effects); transfers are retried over a new connection.
 */
public final class SshShell implements Shell {
    /** How long to wait for the remote side to confirm a kill or to open a channel beyond the connect timeout. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final SshConnections.Lease lease;
    private final Duration connectTimeout;

    public SshShell(SshConnections.Lease lease, Duration connectTimeout) {
        this.lease = lease;
        this.connectTimeout = connectTimeout;
    }

    @Override
    public String describe() {
        return lease.target().toString();
    }

    @Override
    public CommandResult execute(Command command, OutputListener listener) {
        CommandChecks.check(command);
        Redactor mask = SecretMask.of(command);
        RemoteScript script = RemoteScript.of(command);
        AtomicLong pid = new AtomicLong(-1);
        OutputCollector out = new OutputCollector(OutputChannel.STDOUT, listener, mask);
        OutputCollector err = new OutputCollector(OutputChannel.STDERR, listener, mask,
                OutputCollector.DEFAULT_TAIL_CHARS, line -> {
                    OptionalLong reported = script.processIdFrom(line);
                    reported.ifPresent(pid::set);
                    return reported.isPresent();
                });
        byte[] input = command.stdin().map(s -> s.reveal().getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
        long started = System.nanoTime();
        ChannelExec channel = openChannel(lease.session(connectTimeout), command, script, out, err, input);
        Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), command.timeout());
        if (!events.contains(ClientChannelEvent.CLOSED)) {
            boolean killed = killRemote(channel.getClientSession(), pid.get());
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), KILL_WAIT);
            channel.close(true);
            out.finish();
            err.finish();
            throw CommandOutcomes.timedOut(command, describe(), mask, out, err, killed
                    ? "its process tree was killed"
                    : "could not be killed (its process id was never reported); its channel was closed");
        }
        out.finish();
        err.finish();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        Integer status = channel.getExitStatus();
        String signal = channel.getExitSignal();
        if (status == null && signal == null) {
            throw SshErrors.lost(lease.target(), "while running `" + command.display() + "`",
                    new IOException("the channel closed without an exit status; the command may or may not have finished"));
        }
        CommandOutcomes.failIfListenerFailed(out, err);
        return new CommandResult(status == null ? -1 : status, Optional.ofNullable(signal), out.text(), err.text(),
                out.truncated() || err.truncated(), elapsed);
    }

    /**
     * Opens the exec channel. When the connection turns out to be dead before the channel opened,
     * the server cannot have started the command, so it is opened once more over a new connection.
     */
    private ChannelExec openChannel(ClientSession session, Command command, RemoteScript script, OutputCollector out,
            OutputCollector err, byte[] input) {
        ClientSession current = session;
        for (int attempt = 1; ; attempt++) {
            ChannelExec channel = null;
            try {
                channel = current.createExecChannel(script.commandLine());
                channel.setOut(out);
                channel.setErr(err);
                channel.setIn(new SequenceInputStream(new ByteArrayInputStream(script.prelude()),
                        new ByteArrayInputStream(input)));
                channel.open().verify(connectTimeout.plus(KILL_WAIT));
                return channel;
            } catch (IOException | RuntimeException e) {
                boolean neverOpened = channel == null
                        || !channel.getChannelState().contains(ClientChannelEvent.OPENED);
                if (attempt > 1 || !neverOpened || current.isOpen()) {
                    throw SshErrors.lost(lease.target(), "when starting `" + command.display() + "`", e);
                }
                current = lease.reconnect(current);
            }
        }
    }

    /** Kills the remote process tree; false when its id was never reported or the kill could not be sent. */
    private boolean killRemote(ClientSession session, long pid) {
        if (pid <= 0 || !session.isOpen()) {
            return false;
        }
        try (ChannelExec kill = session.createExecChannel(RemoteScript.killTreeCommandLine(pid))) {
            kill.open().verify(KILL_WAIT);
            kill.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), KILL_WAIT);
            return Integer.valueOf(0).equals(kill.getExitStatus());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void upload(Path source, String remotePath) {
        new SftpTransfers(lease, connectTimeout).upload(source, remotePath);
    }

    @Override
    public void download(String remotePath, Path target) {
        new SftpTransfers(lease, connectTimeout).download(remotePath, target);
    }

    @Override
    public void close() {
        lease.close();
    }
}
