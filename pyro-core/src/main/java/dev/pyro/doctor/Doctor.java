package dev.pyro.doctor;

import dev.pyro.Pyro;
import dev.pyro.PyroException;
import dev.pyro.config.PyroPaths;
import dev.pyro.env.EnvironmentCatalog;
import dev.pyro.runtime.HostSystem;
import dev.pyro.runtime.NetworkPolicy;
import dev.pyro.runtime.OutputHandling;
import dev.pyro.runtime.ResourceLimits;
import dev.pyro.runtime.RunResult;
import dev.pyro.runtime.RunSpec;
import dev.pyro.runtime.Sandbox;
import dev.pyro.runtime.SandboxSpec;
import dev.pyro.runtime.bwrap.BwrapBinary;
import dev.pyro.runtime.bwrap.BwrapRuntime;
import dev.pyro.runtime.bwrap.UserNamespaces;
import dev.pyro.runtime.limits.LimiterSelector;
import dev.pyro.runtime.net.UserModeNetwork;
import dev.pyro.io.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Checks the host the way a run would use it: it builds a real sandbox, places a process into
 * the chosen limits, and starts (then stops) a persistent sandbox with its agent.
 */
public final class Doctor {
    private final PyroPaths paths;
    private final BwrapRuntime bwrap;
    private final Supplier<LimiterSelector.Selection> limiter;

    private final EnvironmentCatalog catalog;

    public Doctor(PyroPaths paths, BwrapRuntime bwrap, Supplier<LimiterSelector.Selection> limiter, EnvironmentCatalog catalog) {
        this.paths = paths;
        this.bwrap = bwrap;
        this.limiter = limiter;
        this.catalog = catalog;
    }

    public DoctorReport report() {
        return report(null);
    }

    /** With {@code environment}: also whether it is installed and a sandbox runs on it. */
    public DoctorReport report(String environment) {
        List<DoctorReport.Problem> problems = new ArrayList<>();
        Optional<PyroException> sandboxFailure = bwrap.availability();
        sandboxFailure.ifPresent(e -> problems.add(new DoctorReport.Problem(e.getMessage(), e.fix())));

        DoctorReport.Limits limits = limits(problems);
        boolean persistent = sandboxFailure.isEmpty() && limits != null && persistentSandboxWorks(problems);
        DoctorReport.Network network = network(sandboxFailure.isEmpty(), problems);

        Map<String, Boolean> capabilities = new LinkedHashMap<>();
        capabilities.put("one_shot_run", sandboxFailure.isEmpty());
        capabilities.put("persistent_sandbox", persistent);
        capabilities.put("network_isolation", sandboxFailure.isEmpty());
        capabilities.put("network_egress", network.available());
        capabilities.put("resource_limits", limits != null);
        capabilities.put("cgroup_limits", limits != null && limits.mode().startsWith("cgroup"));
        DoctorReport.EnvironmentStatus environmentStatus = environment == null ? null
                : environmentStatus(environment, sandboxFailure.isEmpty(), problems);

        Path kvm = Path.of("/dev/kvm");
        return new DoctorReport(
                Pyro.version(),
                platform(),
                System.getProperty("os.version"),
                Runtime.version() + " (" + System.getProperty("java.home") + ")",
                UserNamespaces.read().summary(),
                bwrap.binary().map(path -> new DoctorReport.Bubblewrap(path.toString(),
                        BwrapBinary.version(path).orElse("unknown"))).orElse(null),
                limits,
                network,
                new DoctorReport.Kvm(Files.exists(kvm), Files.isReadable(kvm), Files.isWritable(kvm)),
                new DoctorReport.RuntimeStatus(bwrap.executionMode(), bwrap.isolation(), bwrap.executionMode(), sandboxFailure.isEmpty()),
                paths.home(),
                paths.environmentsCache(),
                capabilities,
                environmentStatus,
                problems);
    }

    private DoctorReport.Limits limits(List<DoctorReport.Problem> problems) {
        try {
            LimiterSelector.Selection selection = limiter.get();
            if (selection.limiter().mode().equals("rlimit")) {
                problems.add(new DoctorReport.Problem(
                        "no writable cgroup: memory and process limits fall back to rlimits, which are per process",
                        "run pyro as root, or from a delegated cgroup v2 subtree (e.g. systemd-run --user --scope -p Delegate=yes ...)"));
            }
            return new DoctorReport.Limits(LimiterSelector.cgroupLayout(), selection.limiter().mode(),
                    selection.limiter().description(), selection.passedOver());
        } catch (PyroException e) {
            problems.add(new DoctorReport.Problem(e.getMessage(), e.fix()));
            return null;
        }
    }

    private boolean persistentSandboxWorks(List<DoctorReport.Problem> problems) {
        Path dir = null;
        try {
            Files.createDirectories(paths.sandboxesDir());
            dir = Files.createTempDirectory(paths.sandboxesDir(), "doctor-");
            Path workspace = Files.createDirectories(dir.resolve("workspace"));
            SandboxSpec spec = new SandboxSpec(dir.getFileName().toString(), dir.resolve("state"), workspace,
                    new EnvironmentCatalog().require(EnvironmentCatalog.HOST), ResourceLimits.defaults());
            Sandbox sandbox = bwrap.start(spec);
            try {
                sandbox.agent().ping();
            } finally {
                sandbox.stop();
            }
            return true;
        } catch (PyroException e) {
            problems.add(new DoctorReport.Problem("persistent sandboxes do not start: " + e.getMessage(), e.fix()));
            return false;
        } catch (IOException | RuntimeException e) {
            problems.add(new DoctorReport.Problem("persistent sandboxes do not start: " + e.getMessage(),
                    "check that " + paths.home() + " is writable"));
            return false;
        } finally {
            FileTrees.deleteQuietly(dir);
        }
    }

    private DoctorReport.EnvironmentStatus environmentStatus(String name, boolean sandboxes, List<DoctorReport.Problem> problems) {
        dev.pyro.env.Environment environment = catalog.lookup(name);
        var manifest = catalog.manifest(name);
        boolean healthy = false;
        if (!environment.installed()) {
            problems.add(new DoctorReport.Problem("environment " + name + " is not installed", "pyro env pull " + name));
        } else if (sandboxes) {
            try {
                RunSpec probe = new RunSpec(environment, List.of("true"), java.time.Duration.ofSeconds(30), ResourceLimits.defaults(),
                        OutputHandling.capture(4096), NetworkPolicy.OFF);
                RunResult result = bwrap.run(probe);
                healthy = result.exitCode() == 0;
                if (!healthy) {
                    problems.add(new DoctorReport.Problem("a sandbox on " + name + " did not run (exit " + result.exitCode() + "): "
                            + result.stderr().trim(), "pull it again: pyro env pull --force " + name));
                }
            } catch (PyroException e) {
                problems.add(new DoctorReport.Problem("a sandbox on " + name + " did not start: " + e.getMessage(), e.fix()));
            }
        }
        return new DoctorReport.EnvironmentStatus(name, environment.installed(), healthy, environment.version(),
                manifest.map(dev.pyro.env.EnvironmentManifest::contentDigest).orElse(null));
    }

    /** Egress works when a one-shot run with network gets its network up (slirp4netns configured it). */
    private DoctorReport.Network network(boolean sandboxes, List<DoctorReport.Problem> problems) {
        UserModeNetwork network = bwrap.network();
        Path slirp = network.slirpPath();
        String version = slirp == null ? null : HostSystem.version(slirp).orElse("unknown");
        Optional<PyroException> failure = network.availability();
        if (failure.isEmpty() && sandboxes) {
            try {
                RunSpec probe = new RunSpec(new EnvironmentCatalog().require(EnvironmentCatalog.HOST), List.of("true"),
                        java.time.Duration.ofSeconds(30), ResourceLimits.defaults(), OutputHandling.capture(1024), NetworkPolicy.EGRESS);
                if (bwrap.run(probe).exitCode() != 0) {
                    failure = Optional.of(new PyroException("network_unavailable", "a sandbox with network egress did not run",
                            "run 'pyro run --network -- true' to see why"));
                }
            } catch (PyroException e) {
                failure = Optional.of(e);
            }
        }
        failure.ifPresent(e -> problems.add(new DoctorReport.Problem("network egress unavailable: " + e.getMessage(), e.fix())));
        return new DoctorReport.Network("slirp4netns", slirp == null ? null : slirp.toString(), version,
                failure.isEmpty() && sandboxes);
    }

    private static String platform() {
        String arch = System.getProperty("os.arch");
        if (arch.equals("amd64")) {
            arch = "x86_64";
        }
        return System.getProperty("os.name").toLowerCase(Locale.ROOT) + "-" + arch;
    }
}
