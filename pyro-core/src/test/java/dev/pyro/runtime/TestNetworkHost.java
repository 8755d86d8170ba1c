package dev.pyro.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A host on a network of the test's own: a network namespace joined to this one by a veth
 * pair, with the JDK's web server on it serving {@code index.html}. Reaching it means leaving
 * the sandbox through a real network; nothing beyond this machine is involved.
 */
public final class TestNetworkHost implements AutoCloseable {
    public static final int PORT = 8080;
    private final String namespace;
    private final String address;
    private final Process server;

    private TestNetworkHost(String namespace, String address, Process server) {
        this.namespace = namespace;
        this.address = address;
        this.server = server;
    }

    /** Builds the host at 10.213.N.2 (needs root, and iproute2); a test without them is skipped, saying why. */
    public static TestNetworkHost start(Path dir, String page) throws IOException, InterruptedException {
        return start(dir, page, "10.213." + ThreadLocalRandom.current().nextInt(1, 250));
    }

    /** The same on {@code prefix.2/30}, e.g. {@code 169.254.77} for an address like the cloud metadata service's. */
    public static TestNetworkHost start(Path dir, String page, String prefix) throws IOException, InterruptedException {
        Assumptions.assumeTrue(HostSystem.currentUid() == 0, "building a test network needs root");
        Assumptions.assumeTrue(HostSystem.findExecutable("ip") != null, "building a test network needs iproute2 (ip)");
        String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        String namespace = "pyro-test-" + tag;
        String outside = "pyt" + tag + "h";
        String inside = "pyt" + tag + "n";
        String address = prefix + ".2";
        ip("netns", "add", namespace);
        try {
            ip("link", "add", outside, "type", "veth", "peer", "name", inside);
            ip("link", "set", inside, "netns", namespace);
            ip("addr", "add", prefix + ".1/30", "dev", outside);
            ip("link", "set", outside, "up");
            ip("-n", namespace, "addr", "add", address + "/30", "dev", inside);
            ip("-n", namespace, "link", "set", inside, "up");
            ip("-n", namespace, "link", "set", "lo", "up");
            Path root = Files.createDirectories(dir.resolve("test-host-" + tag));
            Files.writeString(root.resolve("index.html"), page + "\n");
            Path jwebserver = Path.of(System.getProperty("java.home"), "bin", "jwebserver");
            Process server = new ProcessBuilder("ip", "netns", "exec", namespace, jwebserver.toString(),
                    "-b", address, "-p", Integer.toString(PORT), "-d", root.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("test-host-" + tag + ".log").toFile()).start();
            TestNetworkHost host = new TestNetworkHost(namespace, address, server);
            host.awaitListening();
            return host;
        } catch (IOException | RuntimeException | InterruptedException e) {
            ip("netns", "del", namespace);
            throw e;
        }
    }

    public String address() {
        return address;
    }

    /** A shell command that prints the page's last line over plain TCP (bash's /dev/tcp), or "unreachable". */
    public String fetchScript() {
        return "bash -c 'if exec 3<>/dev/tcp/" + address + "/" + PORT + "; then printf \"GET /index.html HTTP/1.0\\r\\n\\r\\n\" >&3;"
                + " tail -n 1 <&3; else echo unreachable; fi'";
    }

    private void awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && server.isAlive()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, PORT), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("the test host's web server did not start");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.descendants().forEach(ProcessHandle::destroyForcibly);
        server.destroyForcibly();
        server.waitFor(10, TimeUnit.SECONDS);
        ip("netns", "del", namespace);
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("ip"));
        argv.addAll(List.of(args));
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + output.trim());
        }
    }
}
