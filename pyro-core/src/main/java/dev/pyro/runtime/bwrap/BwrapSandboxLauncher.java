package dev.pyro.runtime.bwrap;

import dev.pyro.PyroException;
import dev.pyro.contract.Contract;
import dev.pyro.json.JsonSupport;
import dev.pyro.io.AtomicFiles;
import dev.pyro.io.StateErrors;
import dev.pyro.runtime.HostSystem;
import dev.pyro.runtime.SandboxEnvironment;
import dev.pyro.runtime.SandboxRecord;
import dev.pyro.runtime.SandboxSpec;
import dev.pyro.runtime.agent.AgentClient;
import dev.pyro.runtime.agent.AgentDistribution;
import dev.pyro.runtime.agent.AgentException;
import dev.pyro.runtime.limits.Limits;
import dev.pyro.runtime.limits.ResourceLimiter;
import dev.pyro.runtime.net.NetworkHelper;
import dev.pyro.runtime.net.UserModeNetwork;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a persistent sandbox with {@code pyro-agent} as its supervisor, detached from this
 * process (its own session, no die-with-parent) so it outlives the caller.
 *
 * <p>The agent creates its socket in a directory the sandbox can write. The host never
 * connects there: it hard-links the socket into the sandbox's state directory, which the
 * sandbox cannot see, after checking it is a socket and not a link. A sandboxed process that
 * later swaps the socket for a symlink to some host socket therefore cannot redirect the host.
 */
final class BwrapSandboxLauncher {
    static final String RECORD_FILE = "sandbox.json";
    static final String LOG_FILE = "agent.log";
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    /** sun_path holds 108 bytes including the terminating NUL. */
    private static final int MAX_SOCKET_PATH = 107;
    private static final Duration START_DEADLINE = Duration.ofSeconds(30);

    private final Path bwrap;
    private final SandboxRoot root;
    private final ResourceLimiter limiter;
    private final AgentDistribution agent;
    private final UserModeNetwork network;

    BwrapSandboxLauncher(Path bwrap, SandboxRoot root, ResourceLimiter limiter, AgentDistribution agent, UserModeNetwork network) {
        this.bwrap = bwrap;
        this.root = root;
        this.limiter = limiter;
        this.agent = agent;
        this.network = network;
    }

    BwrapSandbox launch(SandboxSpec spec) {
        Path socketDir = spec.stateDir().resolve("agent");
        Path innerSocket = socketDir.resolve(AgentDistribution.SOCKET_NAME);
        Path hostSocket = spec.stateDir().resolve(AgentDistribution.SOCKET_NAME);
        requireSocketPath(hostSocket);
        if (spec.network().egress()) {
            requireSocketPath(spec.stateDir().resolve(UserModeNetwork.API_SOCKET));
        }
        prepareStateDir(spec.stateDir(), socketDir, innerSocket, hostSocket);
        Limits limits = limiter.apply(spec.id(), spec.limits());
        Process process = null;
        NetworkHelper helper = null;
        try {
            process = spawn(spec, socketDir, limits);
            // Recorded before anything can fail or hang: if this process dies while waiting,
            // whoever cleans up finds the sandbox here and stops it.
            SandboxRecord record = new SandboxRecord(spec.id(), Contract.EXECUTION_MODE_BWRAP, spec.environment().name(),
                    process.pid(), HostSystem.processStartTime(process.pid()),
                    hostSocket, spec.stateDir(), limits.cgroupDirs(), System.currentTimeMillis(), null);
            AtomicFiles.write(spec.stateDir().resolve(RECORD_FILE), JsonSupport.write(record));
            if (spec.network().egress()) {
                helper = network.attach(process.pid(), bwrap, spec.stateDir(), spec.network().publishedPorts(), false);
                record = record.withNetwork(helper);
                AtomicFiles.write(spec.stateDir().resolve(RECORD_FILE), JsonSupport.write(record));
            }
            waitForSocket(innerSocket, process, spec.stateDir());
            linkSocket(innerSocket, hostSocket);
            waitForAgent(new AgentClient(hostSocket), process, spec.stateDir());
            return new BwrapSandbox(record, limits);
        } catch (RuntimeException e) {
            UserModeNetwork.stop(helper);
            if (process != null) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            limits.killAll();
            limits.release();
            throw e;
        }
    }

    private Process spawn(SandboxSpec spec, Path socketDir, Limits limits) {
        BwrapCommand command = new BwrapCommand(bwrap, root)
                .workspace(spec.workspaceDir())
                .env(SandboxEnvironment.defaults())
                .readOnly(agent.javaHome(), AgentDistribution.JDK_INSIDE)
                .readOnly(agent.agentCode(), agent.agentCodeInside())
                .writable(socketDir, AgentDistribution.SOCKET_DIR_INSIDE)
                .memory(AgentDistribution.SERVICES_DIR_INSIDE);
        if (spec.secretsDir() != null) {
            command.readOnly(spec.secretsDir(), AgentDistribution.SECRETS_DIR_INSIDE);
        }
        List<String> argv = new ArrayList<>();
        Path setsid = HostSystem.findExecutable("setsid");
        if (setsid != null) {
            argv.add(setsid.toString());
        }
        SandboxPrelude prelude = new SandboxPrelude();
        if (spec.network().egress()) {
            prelude.network(network.routeSetup());
            command.joinNetwork();
        }
        if (spec.environment().pulled() && spec.rootLayer() != null) {
            prepareLayer(spec.rootLayer());
            prelude.overlay(spec.environment().rootfs(), spec.rootLayer());
        }
        argv.addAll(limits.wrap(prelude.wrap(command.build(agent.command()))));
        try {
            return SandboxEnvironment.cleanLaunch(new ProcessBuilder(argv))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.stateDir().resolve(LOG_FILE).toFile()))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new PyroException("sandbox_start_failed", "cannot start bubblewrap: " + e.getMessage(), "run 'pyro doctor'", e);
        }
    }

    /** The copy-on-write layer's directories; what the upper one holds from earlier starts stays. */
    private static void prepareLayer(Path layer) {
        try {
            for (String dir : List.of("upper", "work", "merged")) {
                Files.createDirectories(layer.resolve(dir));
            }
        } catch (IOException e) {
            throw StateErrors.unwritable("prepare " + layer, e);
        }
    }

    private static void requireSocketPath(Path socket) {
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            throw new PyroException("state_path_too_long",
                    "the socket path " + socket + " is longer than a Unix socket allows",
                    "set PYRO_HOME to a shorter directory");
        }
    }

    private static void prepareStateDir(Path stateDir, Path socketDir, Path innerSocket, Path hostSocket) {
        try {
            Files.createDirectories(stateDir);
            Files.createDirectories(socketDir);
            Files.setPosixFilePermissions(stateDir, PosixFilePermissions.fromString("rwx------"));
            Files.deleteIfExists(innerSocket);
            Files.deleteIfExists(hostSocket);
        } catch (IOException e) {
            throw StateErrors.unwritable("prepare " + stateDir, e);
        }
    }

    private static void waitForSocket(Path socket, Process process, Path stateDir) {
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        while (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            if (!process.isAlive()) {
                throw startFailure("the sandbox exited during start-up (exit code " + process.exitValue() + ")", stateDir);
            }
            if (System.nanoTime() > deadline) {
                throw startFailure("the agent did not open its socket within " + START_DEADLINE.toSeconds() + " s", stateDir);
            }
            pause();
        }
    }

    private static void linkSocket(Path innerSocket, Path hostSocket) {
        try {
            Files.createLink(hostSocket, innerSocket);
            int mode = (Integer) Files.getAttribute(hostSocket, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if ((mode & S_IFMT) != S_IFSOCK) {
                Files.deleteIfExists(hostSocket);
                throw new PyroException("sandbox_start_failed",
                        "the sandbox's agent socket is not a socket; refusing to use it", null);
            }
        } catch (IOException e) {
            throw new PyroException("sandbox_start_failed", "cannot link the agent socket: " + e.getMessage(), null, e);
        }
    }

    /** The socket exists a moment before the agent listens on it; retry until it answers. */
    private static void waitForAgent(AgentClient client, Process process, Path stateDir) {
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        while (true) {
            try {
                client.ping(Duration.ofSeconds(5));
                return;
            } catch (AgentException e) {
                if (!e.unreachable() || !process.isAlive() || System.nanoTime() > deadline) {
                    throw startFailure("the agent does not answer: " + e.getMessage(), stateDir);
                }
                pause();
            }
        }
    }

    private static PyroException startFailure(String what, Path stateDir) {
        return new PyroException("sandbox_start_failed", what + "; agent log: " + logTail(stateDir.resolve(LOG_FILE)),
                "run 'pyro doctor'");
    }

    static String logTail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            List<String> tail = lines.subList(Math.max(0, lines.size() - 5), lines.size());
            return tail.isEmpty() ? "(empty)" : String.join(" | ", tail);
        } catch (IOException e) {
            return "(unreadable)";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PyroException("interrupted", "interrupted while starting the sandbox", null, e);
        }
    }
}
