package dev.pyro.runtime.bwrap;

import dev.pyro.PyroException;
import dev.pyro.common.CommandLocator;
import dev.pyro.config.PyroPaths;
import dev.pyro.contract.Contract;
import dev.pyro.runtime.OneShotProcess;
import dev.pyro.runtime.RunResult;
import dev.pyro.runtime.RunResults;
import dev.pyro.runtime.RunSpec;
import dev.pyro.runtime.Sandbox;
import dev.pyro.runtime.SandboxEnvironment;
import dev.pyro.runtime.SandboxRecord;
import dev.pyro.runtime.SandboxRuntime;
import dev.pyro.runtime.SandboxSpec;
import dev.pyro.runtime.agent.AgentDistribution;
import dev.pyro.runtime.limits.Limits;
import dev.pyro.runtime.limits.ResourceLimiter;
import dev.pyro.runtime.net.NetworkHelper;
import dev.pyro.runtime.net.UserModeNetwork;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/** Sandboxes from Linux namespaces via bubblewrap. */
public final class BwrapRuntime implements SandboxRuntime {
    private final Optional<Path> bwrap;
    private final HostRoot root;
    private final Supplier<ResourceLimiter> limiter;
    private final UserModeNetwork network;
    private final Path sandboxesDir;
    private volatile Optional<PyroException> availability;

    public BwrapRuntime(PyroPaths paths, Supplier<ResourceLimiter> limiter) {
        this(BwrapBinary.locate(), Path.of("/"), paths, limiter);
    }

    BwrapRuntime(Optional<Path> bwrap, Path hostRoot, PyroPaths paths, Supplier<ResourceLimiter> limiter) {
        this.bwrap = bwrap;
        this.root = new HostRoot(hostRoot, paths.runtimeDir());
        this.limiter = limiter;
        this.network = UserModeNetwork.locate();
        this.sandboxesDir = paths.sandboxesDir();
    }

    /** How sandboxes get egress on this host (slirp4netns), and whether they can. */
    public UserModeNetwork network() {
        return network;
    }

    @Override
    public String executionMode() {
        return Contract.EXECUTION_MODE_BWRAP;
    }

    @Override
    public String isolation() {
        return "namespaces";
    }

    @Override
    public String limitsMode() {
        return limiter.get().mode();
    }

    public Optional<Path> binary() {
        return bwrap;
    }

    /** Empty when sandboxes can be built; the reason otherwise. Probed once per runtime. */
    public Optional<PyroException> availability() {
        Optional<PyroException> known = availability;
        if (known == null) {
            synchronized (this) {
                if (availability == null) {
                    availability = BwrapProbe.run(bwrap, root);
                }
                known = availability;
            }
        }
        return known;
    }

    @Override
    public void ensureAvailable() {
        Optional<PyroException> failure = availability();
        if (failure.isPresent()) {
            throw failure.get();
        }
    }

    @Override
    public void ensureNetworkAvailable() {
        network.ensureAvailable();
    }

    @Override
    public RunResult run(RunSpec spec) {
        ensureAvailable();
        Map<String, String> env = SandboxEnvironment.defaults();
        SandboxRoot sandboxRoot = rootOf(spec.environment(), null);
        String program = spec.command().get(0);
        if (CommandLocator.locate(program, env.get("PATH"), Path.of(Contract.WORKSPACE_GUEST_PATH), sandboxRoot::hostPathOf)
                == CommandLocator.Lookup.NOT_FOUND) {
            return RunResults.commandNotFound(spec, executionMode(), limitsMode());
        }
        boolean egress = spec.network().egress();
        if (egress) {
            ensureNetworkAvailable();
        }
        String id = newId("run");
        Limits limits = limiter.get().apply(id, spec.limits());
        Path stateDir = null;
        java.util.concurrent.atomic.AtomicReference<NetworkHelper> helper = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            BwrapCommand command = new BwrapCommand(bwrap.orElseThrow(), sandboxRoot).dieWithParent().env(env);
            OneShotProcess.StartGate gate = null;
            SandboxPrelude prelude = new SandboxPrelude();
            if (egress) {
                stateDir = createStateDir(id);
                Path helperDir = stateDir;
                prelude.network(network.routeSetup());
                command.joinNetwork().blockOnStdin();
                Path executable = bwrap.orElseThrow();
                gate = process -> helper.set(network.attach(process.pid(), executable, helperDir, false, true));
            }
            List<String> launch = prelude.wrap(command.build(spec.command()));
            OneShotProcess.Outcome outcome = OneShotProcess.run(limits.wrap(launch), SandboxEnvironment.launcher(), null,
                    spec.timeout(), spec.output(),
                    limits::killAll, gate);
            if (!spec.output().inherit() && outcome.exitCode() == 1 && outcome.stderrText().startsWith("bwrap: ")) {
                throw BwrapProbe.diagnose(outcome.stderrText().trim());
            }
            return RunResults.from(spec, executionMode(), limitsMode(), outcome, limits.oomKilled());
        } finally {
            UserModeNetwork.kill(helper.get());
            limits.release();
            if (stateDir != null) {
                dev.pyro.io.FileTrees.deleteQuietly(stateDir);
            }
        }
    }

    private Path createStateDir(String id) {
        try {
            java.nio.file.Files.createDirectories(sandboxesDir);
            return java.nio.file.Files.createTempDirectory(sandboxesDir, id + "-");
        } catch (java.io.IOException e) {
            throw dev.pyro.io.StateErrors.unwritable("create a directory under " + sandboxesDir, e);
        }
    }

    @Override
    public Sandbox start(SandboxSpec spec) {
        ensureAvailable();
        if (spec.network().egress()) {
            ensureNetworkAvailable();
        }
        SandboxRoot sandboxRoot = rootOf(spec.environment(), spec.rootLayer() == null ? null : spec.rootLayer().resolve("merged"));
        return new BwrapSandboxLauncher(bwrap.orElseThrow(), sandboxRoot, limiter.get(), AgentDistribution.current(), network)
                .launch(spec);
    }

    /** The host's {@code /usr}, or a pulled environment's root (read-only, or the overlay mounted at {@code merged}). */
    private SandboxRoot rootOf(dev.pyro.env.Environment environment, Path merged) {
        return environment.pulled() ? new RootfsRoot(environment.rootfs(), merged) : root;
    }

    /**
     * Every sandbox whose state lives under {@code statesDir} (one directory per incarnation),
     * including ones whose starter died before telling anyone about them, even before writing
     * their record. Callers stop them (deleting a workspace), so none may belong to a live start.
     */
    public java.util.List<Sandbox> findAll(Path statesDir) {
        java.util.List<Sandbox> found = new java.util.ArrayList<>();
        if (!java.nio.file.Files.isDirectory(statesDir)) {
            return found;
        }
        try (java.util.stream.Stream<Path> dirs = java.nio.file.Files.list(statesDir)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                Path file = dir.resolve(BwrapSandboxLauncher.RECORD_FILE);
                try {
                    found.add(attach(dev.pyro.json.JsonSupport.read(java.nio.file.Files.readString(file), SandboxRecord.class)));
                } catch (java.io.IOException e) {
                    // No record (its starter died right after spawning it), or one half written.
                    found.add(new StraySandbox(dir));
                }
            }
        } catch (java.io.IOException e) {
            return found;
        }
        return found;
    }

    @Override
    public Sandbox attach(SandboxRecord record) {
        return new BwrapSandbox(record, limiter.get().reattach(record.cgroupDirs()));
    }

    static String newId(String prefix) {
        byte[] bytes = new byte[6];
        ThreadLocalRandom.current().nextBytes(bytes);
        return prefix + "-" + HexFormat.of().formatHex(bytes);
    }
}
