package dev.pyro;

import dev.pyro.config.PyroPaths;
import dev.pyro.contract.Contract;
import dev.pyro.doctor.Doctor;
import dev.pyro.doctor.DoctorReport;
import dev.pyro.env.Environment;
import dev.pyro.env.EnvironmentCatalog;
import dev.pyro.runtime.OutputHandling;
import dev.pyro.runtime.ResourceLimits;
import dev.pyro.runtime.RunResult;
import dev.pyro.runtime.RunSpec;
import dev.pyro.runtime.SandboxRuntime;
import dev.pyro.runtime.bwrap.BwrapRuntime;
import dev.pyro.runtime.host.HostCompatRuntime;
import dev.pyro.runtime.limits.LimiterSelector;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The Java SDK: the same runtime the CLI and the MCP server use.
 *
 * <pre>{@code
 * Pyro pyro = Pyro.create();
 * RunResult result = pyro.run(RunRequest.of("sh", "-c", "echo hello"));
 * }</pre>
 */
public final class Pyro {
    private final PyroPaths paths;
    private final EnvironmentCatalog catalog = new EnvironmentCatalog();
    private final Supplier<LimiterSelector.Selection> limiterSelection;
    private final BwrapRuntime bwrap;
    private final HostCompatRuntime hostCompat = new HostCompatRuntime();

    private Pyro(PyroPaths paths, String limitsMode) {
        this.paths = paths;
        this.limiterSelection = memoize(() -> LimiterSelector.select(limitsMode));
        this.bwrap = new BwrapRuntime(paths, () -> limiterSelection.get().limiter());
    }

    /** Paths and limits from the environment ({@code PYRO_HOME}, {@code PYRO_LIMITS}, XDG dirs). */
    public static Pyro create() {
        return new Pyro(PyroPaths.fromEnvironment(), System.getenv(Contract.ENV_LIMITS));
    }

    /** {@code limitsMode}: auto, cgroup-v2, cgroup-v1 or rlimit; null means auto. */
    public static Pyro create(PyroPaths paths, String limitsMode) {
        return new Pyro(paths, limitsMode);
    }

    public static String version() {
        try (InputStream in = Pyro.class.getResourceAsStream("/pyro-version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }

    public PyroPaths paths() {
        return paths;
    }

    public List<Environment> listEnvironments() {
        return catalog.list();
    }

    /** Runs one command in a fresh sandbox that is gone when this returns. */
    public RunResult run(RunRequest request) {
        Environment environment = catalog.require(request.environment());
        RunSpec spec = new RunSpec(environment, request.command(), Duration.ofSeconds(request.timeoutSeconds()),
                new ResourceLimits(request.vcpuCount(), request.memMib(), Contract.DEFAULT_PIDS_LIMIT),
                request.inheritOutput() ? OutputHandling.inheritStreams() : OutputHandling.capture(request.maxOutputBytes()));
        return runtimeFor(request.allowHostCompat()).run(spec);
    }

    public DoctorReport doctor() {
        return new Doctor(paths, bwrap, limiterSelection).report();
    }

    /** The bubblewrap runtime (the only isolating runtime in this version). */
    public BwrapRuntime sandboxRuntime() {
        return bwrap;
    }

    private SandboxRuntime runtimeFor(boolean allowHostCompat) {
        var failure = bwrap.availability();
        if (failure.isEmpty()) {
            return bwrap;
        }
        if (allowHostCompat) {
            return hostCompat;
        }
        PyroException reason = failure.get();
        throw new PyroException(reason.code(), reason.getMessage(),
                reason.fix() == null ? "pass --allow-host-compat to run without isolation"
                        : reason.fix() + " (or pass --allow-host-compat to run without isolation)");
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T current = value;
                if (current == null) {
                    synchronized (this) {
                        if (value == null) {
                            value = supplier.get();
                        }
                        current = value;
                    }
                }
                return current;
            }
        };
    }
}
