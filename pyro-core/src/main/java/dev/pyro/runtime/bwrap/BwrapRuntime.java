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
    private volatile Optional<PyroException> availability;

    public BwrapRuntime(PyroPaths paths, Supplier<ResourceLimiter> limiter) {
        this(BwrapBinary.locate(), Path.of("/"), paths, limiter);
    }

    BwrapRuntime(Optional<Path> bwrap, Path hostRoot, PyroPaths paths, Supplier<ResourceLimiter> limiter) {
        this.bwrap = bwrap;
        this.root = new HostRoot(hostRoot, paths.runtimeDir());
        this.limiter = limiter;
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
    public RunResult run(RunSpec spec) {
        ensureAvailable();
        Map<String, String> env = SandboxEnvironment.defaults();
        String command = spec.command().get(0);
        if (CommandLocator.locate(command, env.get("PATH"), Path.of(Contract.WORKSPACE_GUEST_PATH), root::hostPathOf)
                == CommandLocator.Lookup.NOT_FOUND) {
            return RunResults.commandNotFound(spec, executionMode(), limitsMode());
        }
        Limits limits = limiter.get().apply(newId("run"), spec.limits());
        try {
            List<String> argv = limits.wrap(new BwrapCommand(bwrap.orElseThrow(), root)
                    .dieWithParent()
                    .env(env)
                    .build(spec.command()));
            OneShotProcess.Outcome outcome = OneShotProcess.run(argv, null, null, spec.timeout(), spec.output(), limits::killAll);
            if (!spec.output().inherit() && outcome.exitCode() == 1 && outcome.stderrText().startsWith("bwrap: ")) {
                throw BwrapProbe.diagnose(outcome.stderrText().trim());
            }
            return RunResults.from(spec, executionMode(), limitsMode(), outcome, limits.oomKilled());
        } finally {
            limits.release();
        }
    }

    @Override
    public Sandbox start(SandboxSpec spec) {
        ensureAvailable();
        return new BwrapSandboxLauncher(bwrap.orElseThrow(), root, limiter.get(), AgentDistribution.current()).launch(spec);
    }

    /**
     * Every sandbox whose state lives under {@code statesDir} (one directory per incarnation),
     * including ones whose starter died before telling anyone about them.
     */
    public java.util.List<Sandbox> findAll(Path statesDir) {
        java.util.List<Sandbox> found = new java.util.ArrayList<>();
        if (!java.nio.file.Files.isDirectory(statesDir)) {
            return found;
        }
        try (java.util.stream.Stream<Path> dirs = java.nio.file.Files.list(statesDir)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                Path file = dir.resolve(BwrapSandboxLauncher.RECORD_FILE);
                if (java.nio.file.Files.isRegularFile(file)) {
                    try {
                        found.add(attach(dev.pyro.json.JsonSupport.read(java.nio.file.Files.readString(file), SandboxRecord.class)));
                    } catch (java.io.IOException e) {
                        // A record being written right now belongs to a live starter.
                    }
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
