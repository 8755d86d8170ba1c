package dev.pyro.runtime.net;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pyro.PyroException;
import dev.pyro.contract.Contract;
import dev.pyro.json.JsonSupport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * TCP forwards from the host's 127.0.0.1 into a sandbox, through slirp4netns' API socket (one
 * JSON request per connection). slirp4netns itself listens on the host port and connects to
 * the sandbox's address, so a forward lives exactly as long as the helper process.
 */
public final class PortForwards {
    private static final int ATTEMPTS_FOR_A_FREE_PORT = 5;

    private final Path apiSocket;

    public PortForwards(Path apiSocket) {
        this.apiSocket = apiSocket;
    }

    /** One forward: slirp4netns' id for it, and the ports. */
    public record Forward(int id, int hostPort, int guestPort) {
    }

    /** Forwards {@code hostPort} (0: a free one) to {@code guestPort} inside the sandbox. */
    public Forward add(int hostPort, int guestPort) {
        if (hostPort != 0) {
            return new Forward(addExactly(hostPort, guestPort), hostPort, guestPort);
        }
        PyroException last = null;
        for (int attempt = 0; attempt < ATTEMPTS_FOR_A_FREE_PORT; attempt++) {
            int candidate = freeLoopbackPort();
            try {
                return new Forward(addExactly(candidate, guestPort), candidate, guestPort);
            } catch (PyroException e) {
                last = e; // Taken between the probe and the forward: try another.
            }
        }
        throw last;
    }

    private int addExactly(int hostPort, int guestPort) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("proto", "tcp");
        arguments.put("host_addr", Contract.PUBLISHED_PORT_HOST_ADDRESS);
        arguments.put("host_port", hostPort);
        arguments.put("guest_port", guestPort);
        JsonNode answer = call(Map.of("execute", "add_hostfwd", "arguments", arguments));
        JsonNode id = answer.path("return").path("id");
        if (!id.isInt()) {
            throw new PyroException("port_unavailable", "cannot publish port " + guestPort + " on "
                    + Contract.PUBLISHED_PORT_HOST_ADDRESS + ":" + hostPort + ": " + describe(answer),
                    "the host port is probably in use; pick another ([HOST_PORT:]GUEST_PORT) or leave HOST_PORT out to get a free one");
        }
        return id.intValue();
    }

    /** Removes a forward; one that is already gone is not an error. */
    public void remove(int id) {
        try {
            call(Map.of("execute", "remove_hostfwd", "arguments", Map.of("id", id)));
        } catch (PyroException e) {
            // The helper is gone, and its ports with it.
        }
    }

    /** A free port on the host's loopback, as the kernel hands one out. */
    public static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(Contract.PUBLISHED_PORT_HOST_ADDRESS), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new PyroException("port_unavailable", "cannot find a free port on the host's loopback: " + e.getMessage(), null, e);
        }
    }

    /** Whether nothing listens on {@code port} of the host's loopback right now. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(Contract.PUBLISHED_PORT_HOST_ADDRESS), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private JsonNode call(Map<String, Object> request) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(apiSocket));
            channel.write(ByteBuffer.wrap(JsonSupport.write(request).getBytes(StandardCharsets.UTF_8)));
            channel.shutdownOutput();
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // Read until the helper closes its side.
            }
            return JsonSupport.mapper().readTree(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PyroException("network_failed", "cannot reach the sandbox's network helper: " + e.getMessage(),
                    "restart the workspace ('pyro workspace stop' then 'start')", e);
        }
    }

    private static String describe(JsonNode answer) {
        String desc = answer.path("error").path("desc").asText("");
        return desc.isEmpty() ? answer.toString() : desc;
    }
}
