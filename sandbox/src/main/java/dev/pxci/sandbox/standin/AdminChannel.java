package dev.pxci.sandbox.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * How Gitea's command line reaches a running {@code gitea web} of the stand-in: a UNIX domain
 * socket in the state directory (which only the Gitea user can enter), one command per
 * connection, its arguments in and its {@link Outcome} out as JSON. Passwords given to a command
 * therefore never appear on another command line, and the web process makes every change itself,
 * so it always serves what the command line did.
 */
final class AdminChannel implements AutoCloseable {
    static final String SOCKET = "admin.sock";
    private static final int MAX_MESSAGE = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerSocketChannel server;
    private final Path socket;
    private final Thread acceptor;

    private AdminChannel(ServerSocketChannel server, Path socket, Function<List<String>, Outcome> commands) {
        this.server = server;
        this.socket = socket;
        this.acceptor = new Thread(() -> serve(commands), "gitea-standin-admin");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Listens on {@code stateDirectory/admin.sock}, replacing a socket file a stopped web left
     * behind (the caller holds the state directory, so no other web can be listening there).
     */
    static AdminChannel serve(Path stateDirectory, Function<List<String>, Outcome> commands) {
        Path socket = stateDirectory.resolve(SOCKET);
        try {
            Files.deleteIfExists(socket);
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            return new AdminChannel(server, socket, commands);
        } catch (IOException e) {
            throw new UncheckedIOException("the gitea-standin cannot listen on " + socket, e);
        }
    }

    /** Runs {@code args} in the web process listening in {@code stateDirectory}; empty when none listens. */
    static Optional<Outcome> call(Path stateDirectory, List<String> args) {
        Path socket = stateDirectory.resolve(SOCKET);
        if (!Files.exists(socket)) {
            return Optional.empty();
        }
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ObjectNode request = JSON.createObjectNode();
            args.forEach(request.putArray("args")::add);
            write(channel, JSON.writeValueAsBytes(request));
            channel.shutdownOutput();
            JsonNode reply = JSON.readTree(read(channel));
            return Optional.of(new Outcome(reply.path("exit").asInt(1), reply.path("stdout").asText(""),
                    reply.path("stderr").asText("")));
        } catch (IOException e) {
            // refused or gone: no web is listening any more
            return Optional.empty();
        }
    }

    private void serve(Function<List<String>, Outcome> commands) {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                Outcome outcome;
                try {
                    List<String> args = new ArrayList<>();
                    JSON.readTree(read(client)).path("args").forEach(a -> args.add(a.asText()));
                    outcome = commands.apply(args);
                } catch (RuntimeException e) {
                    outcome = Outcome.commandError(e.getMessage());
                }
                write(client, JSON.writeValueAsBytes(JSON.createObjectNode().put("exit", outcome.exit())
                        .put("stdout", outcome.stdout()).put("stderr", outcome.stderr())));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // one client went away mid-call; the next one is served
            }
        }
    }

    private static byte[] read(SocketChannel channel) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (channel.read(buffer) >= 0) {
            buffer.flip();
            out.write(buffer.array(), 0, buffer.limit());
            buffer.clear();
            if (out.size() > MAX_MESSAGE) {
                throw new IOException("message too large");
            }
        }
        return out.toByteArray();
    }

    private static void write(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(socket);
            acceptor.join(2000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
