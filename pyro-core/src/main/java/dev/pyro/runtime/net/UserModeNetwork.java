package dev.pyro.runtime.net;

import dev.pyro.PyroException;
import dev.pyro.contract.Contract;
import dev.pyro.runtime.HostSystem;
import dev.pyro.runtime.bwrap.InstallHint;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Outbound networking for a sandbox, without privileges. The sandbox gets its own user and
 * network namespace from {@code unshare}, and slirp4netns, a host process running as the same
 * user, attaches a TAP device to it and carries its TCP and UDP over ordinary host sockets. It
 * never connects to the host's loopback ({@code --disable-host-loopback}); with an API socket
 * it also forwards ports from the host's 127.0.0.1 into the sandbox. Before the sandbox starts,
 * routes in its namespace make {@link Contract#BLOCKED_EGRESS} (cloud metadata) unreachable;
 * the sandbox cannot change them (it has no capabilities over that namespace).
 *
 * <p>Why the sandbox's prelude ({@code unshare}) makes the network namespace and not bwrap: bwrap's
 * {@code --disable-userns} moves the sandbox into a nested user namespace, and from there a
 * helper can no longer enter a network namespace owned by the outer one. The namespace that
 * {@code unshare} creates is owned by a user namespace that bwrap's outer process stays in, so
 * slirp4netns joins that process's namespaces.
 */
public final class UserModeNetwork {
    public static final String TAP_DEVICE = "tap0";
    private static final Path TUN = Path.of("/dev/net/tun");
    private static final Duration NAMESPACE_DEADLINE = Duration.ofSeconds(10);
    private static final Duration READY_DEADLINE = Duration.ofSeconds(10);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(2);
    private static final String READY_FILE = "network.ready";
    private static final String LOG_FILE = "network.log";
    public static final String API_SOCKET = "network.sock";

    private final Path slirp;
    private final Path unshare;
    private final Path ip;

    UserModeNetwork(Path slirp, Path unshare, Path ip) {
        this.slirp = slirp;
        this.unshare = unshare;
        this.ip = ip;
    }

    /** The helpers found on this host (any may be missing; {@link #availability} says so). */
    public static UserModeNetwork locate() {
        return new UserModeNetwork(HostSystem.findExecutable("slirp4netns"), HostSystem.findExecutable("unshare"),
                HostSystem.findExecutable("ip"));
    }

    /** Empty when sandboxes can have egress here; otherwise the missing piece and its fix. */
    public Optional<PyroException> availability() {
        if (slirp == null) {
            return Optional.of(unavailable("slirp4netns is not installed", InstallHint.forPackage("slirp4netns", "slirp4netns")));
        }
        if (unshare == null) {
            return Optional.of(unavailable("unshare (util-linux) is not installed", InstallHint.forPackage("util-linux", "util-linux")));
        }
        if (ip == null) {
            return Optional.of(unavailable("ip (iproute2, to block cloud metadata addresses) is not installed",
                    InstallHint.forPackage("iproute2", "iproute")));
        }
        if (!Files.exists(TUN)) {
            return Optional.of(unavailable("/dev/net/tun does not exist (no TUN/TAP support)",
                    "load the tun module: sudo modprobe tun"));
        }
        if (!Files.isReadable(TUN) || !Files.isWritable(TUN)) {
            return Optional.of(unavailable("/dev/net/tun is not readable and writable by this user",
                    "give it the usual mode: sudo chmod 0666 /dev/net/tun"));
        }
        return Optional.empty();
    }

    public void ensureAvailable() {
        Optional<PyroException> failure = availability();
        if (failure.isPresent()) {
            throw failure.get();
        }
    }

    private static PyroException unavailable(String what, String fix) {
        return new PyroException("network_unavailable", "a sandbox with network egress needs " + what
                + "; sandboxes without network (policy off) still work", fix);
    }

    public Path slirpPath() {
        return slirp;
    }

    /** Commands that make the blocked destinations unreachable, run in the sandbox's network namespace before it starts. */
    public List<List<String>> routeSetup() {
        List<List<String>> commands = new ArrayList<>();
        for (String destination : Contract.BLOCKED_EGRESS) {
            commands.add(List.of(ip.toString(), "route", "add", "unreachable", destination));
        }
        return commands;
    }

    /**
     * Attaches the network to the namespaces of {@code pid} (a process whose prelude made a user
     * and network namespace, then exec'd {@code executable}) and returns once it is configured: {@code tap0} with the sandbox's
     * address, a default route and loopback up. Its files go to {@code stateDir}.
     *
     * @param withPorts     record the API socket for port forwards ({@link PortForwards}); detached helpers always open one
     * @param endWithCaller end the helper when this JVM exits (one-shot runs); otherwise it is
     *                      detached and lives until {@link #stop}
     */
    public NetworkHelper attach(long pid, Path executable, Path stateDir, boolean withPorts, boolean endWithCaller) {
        ensureAvailable();
        awaitSandbox(pid, executable);
        Path ready = stateDir.resolve(READY_FILE);
        Path api = stateDir.resolve(API_SOCKET);
        List<String> argv = new ArrayList<>();
        Path setsid = HostSystem.findExecutable("setsid");
        if (!endWithCaller && setsid != null) {
            argv.add(setsid.toString());
        }
        argv.addAll(List.of(slirp.toString(), "--configure", "--mtu=65520", "--disable-host-loopback", "--enable-sandbox",
                "--ready-fd=1"));
        if (endWithCaller) {
            argv.add("--exit-fd=0");
        }
        if (!endWithCaller) {
            // A detached helper always gets an API socket: besides forwarding ports it puts the state
            // directory on the command line, where cleaning up finds a helper its starter never recorded.
            argv.add("--api-socket=" + api);
        }
        argv.addAll(List.of(Long.toString(pid), TAP_DEVICE));
        Process process;
        try {
            Files.deleteIfExists(ready);
            Files.deleteIfExists(api);
            process = new ProcessBuilder(argv)
                    .redirectInput(endWithCaller ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ready.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(stateDir.resolve(LOG_FILE).toFile()))
                    .start();
        } catch (IOException e) {
            throw new PyroException("network_failed", "cannot start slirp4netns: " + e.getMessage(), "run 'pyro doctor'", e);
        }
        NetworkHelper helper = new NetworkHelper(process.pid(), HostSystem.processStartTime(process.pid()),
                withPorts ? api : null);
        try {
            awaitReady(process, ready, stateDir.resolve(LOG_FILE));
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        return helper;
    }

    /**
     * Waits until {@code pid} runs {@code executable}: by then unshare has made and mapped its
     * namespaces and exec'd. A process still in this network namespace is refused: joining it
     * would put the TAP device on the host.
     */
    private static void awaitSandbox(long pid, Path executable) {
        long deadline = System.nanoTime() + NAMESPACE_DEADLINE.toNanos();
        Path expected = realPath(executable);
        while (!expected.equals(realPath(Path.of("/proc", Long.toString(pid), "exe")))) {
            if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                throw new PyroException("network_failed", "the sandbox ended before its network could be attached",
                        "run 'pyro doctor'");
            }
            if (System.nanoTime() > deadline) {
                throw new PyroException("network_failed", "the sandbox did not start within " + NAMESPACE_DEADLINE.toSeconds()
                        + " s", "run 'pyro doctor'");
            }
            pause();
        }
        String theirs = namespace(Long.toString(pid));
        if (theirs == null || theirs.equals(namespace("self"))) {
            throw new PyroException("network_failed", "the sandbox has no network namespace of its own; refusing to attach "
                    + "a network to it", "run 'pyro doctor'");
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path;
        }
    }

    private static String namespace(String process) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", process, "ns", "net")).toString();
        } catch (IOException e) {
            return null;
        }
    }

    /** slirp4netns writes "1" to its ready fd once the interface is configured (a warning may come first). */
    private static void awaitReady(Process process, Path ready, Path log) {
        long deadline = System.nanoTime() + READY_DEADLINE.toNanos();
        while (true) {
            if (readQuietly(ready).endsWith("1")) {
                return;
            }
            if (!process.isAlive()) {
                throw new PyroException("network_failed", "slirp4netns exited (code " + process.exitValue()
                        + ") before the network was up: " + lastLine(log), "run 'pyro doctor'");
            }
            if (System.nanoTime() > deadline) {
                throw new PyroException("network_failed", "slirp4netns did not configure the network within "
                        + READY_DEADLINE.toSeconds() + " s: " + lastLine(log), "run 'pyro doctor'");
            }
            pause();
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String lastLine(Path log) {
        List<String> lines = readQuietly(log).lines().filter(line -> !line.isBlank()).toList();
        return lines.isEmpty() ? "(no message)" : lines.get(lines.size() - 1);
    }

    /**
     * Ends the helper if it is still the process that was started, and waits until it is gone,
     * so the host ports it forwarded are free again when this returns.
     */
    public static void stop(NetworkHelper helper) {
        kill(helper).ifPresent(process -> {
            try {
                process.onExit().get(EXIT_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // Reaped later; its ports close when it dies.
            }
        });
    }

    /**
     * Sends the helper SIGKILL without waiting: the kernel's teardown of its TAP device takes
     * milliseconds nobody needs to wait for when no ports were forwarded (one-shot runs).
     */
    public static Optional<ProcessHandle> kill(NetworkHelper helper) {
        if (helper == null || !HostSystem.isSameProcess(helper.pid(), helper.pidStartTime())) {
            return Optional.empty();
        }
        Optional<ProcessHandle> process = ProcessHandle.of(helper.pid());
        process.ifPresent(ProcessHandle::destroyForcibly);
        return process;
    }

    private static void pause() {
        try {
            Thread.sleep(0, 200_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PyroException("interrupted", "interrupted while attaching the network", null, e);
        }
    }
}
