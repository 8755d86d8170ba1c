package dev.pyro.agent;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes a port that a service opened on loopback only (the default of many dev servers)
 * reachable on the sandbox's network address, where published ports arrive: it listens on
 * {@code address:port} and relays each connection to {@code 127.0.0.1:port} (or {@code
 * [::1]:port}). When the service listens on every address itself, the bind fails and no relay
 * is needed.
 */
final class PortRelay implements AutoCloseable {
    private static final List<String> LOOPBACKS = List.of("127.0.0.1", "::1");
    private static final int BUFFER_BYTES = 64 * 1024;

    private final int port;
    private final ServerSocketChannel server;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();

    private PortRelay(int port, ServerSocketChannel server) {
        this.port = port;
        this.server = server;
    }

    /** A running relay, or null when {@code address:port} is taken (by the service itself). */
    static PortRelay open(String address, int port) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, false);
            server.bind(new InetSocketAddress(InetAddress.getByName(address), port), 64);
        } catch (BindException e) {
            server.close();
            return null;
        }
        PortRelay relay = new PortRelay(port, server);
        Thread.ofVirtual().name("relay-" + port).start(relay::acceptLoop);
        return relay;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                Thread.ofVirtual().name("relay-" + port + "-conn").start(() -> relay(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relay(SocketChannel client) {
        open.add(client);
        try (client; SocketChannel target = connectToLoopback()) {
            if (target == null) {
                return;
            }
            open.add(target);
            Thread back = Thread.ofVirtual().start(() -> pump(target, client));
            pump(client, target);
            back.join();
            open.remove(target);
        } catch (IOException | InterruptedException e) {
            // One connection failed; the relay goes on.
        } finally {
            open.remove(client);
        }
    }

    private SocketChannel connectToLoopback() {
        for (String loopback : LOOPBACKS) {
            try {
                return SocketChannel.open(new InetSocketAddress(InetAddress.getByName(loopback), port));
            } catch (IOException e) {
                // Not listening on this one; try the next.
            }
        }
        return null;
    }

    /** Copies until {@code from} ends, then half-closes {@code to} so the other side sees the end too. */
    private static void pump(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(to);
            closeQuietly(from);
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
        open.forEach(PortRelay::closeQuietly);
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // Already closed.
        }
    }
}
