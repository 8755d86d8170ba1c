package dev.pyro.runtime.limits;

import dev.pyro.PyroException;
import dev.pyro.runtime.HostSystem;
import dev.pyro.runtime.ResourceLimits;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Picks how limits are enforced: cgroup v2, then v1, then rlimits. A cgroup limiter counts
 * only once a process has really been placed into a test cgroup, so a host where that fails
 * gets the fallback rather than a failing run.
 */
public final class LimiterSelector {
    public static final String AUTO = "auto";
    public static final List<String> MODES = List.of(AUTO, "cgroup-v2", "cgroup-v1", "rlimit");

    private LimiterSelector() {
    }

    /** The chosen limiter, and why each better one was passed over. */
    public record Selection(ResourceLimiter limiter, List<String> passedOver) {
    }

    public static Selection select(String requested) {
        String mode = requested == null || requested.isBlank() ? AUTO : requested.trim();
        if (!MODES.contains(mode)) {
            throw new PyroException("invalid_argument",
                    "unknown limits mode '" + mode + "'; expected one of " + String.join(", ", MODES),
                    "unset PYRO_LIMITS or set it to one of those");
        }
        List<String> passedOver = new ArrayList<>();
        CgroupMounts mounts = CgroupMounts.read();
        if (mode.equals(AUTO) || mode.equals("cgroup-v2")) {
            Optional<ResourceLimiter> v2 = verified(CgroupV2Limiter.detect(mounts, HostSystem.currentUid()), passedOver, "cgroup-v2");
            if (v2.isPresent()) {
                return new Selection(v2.get(), passedOver);
            }
        }
        if (mode.equals(AUTO) || mode.equals("cgroup-v1")) {
            Optional<ResourceLimiter> v1 = verified(CgroupV1Limiter.detect(mounts), passedOver, "cgroup-v1");
            if (v1.isPresent()) {
                return new Selection(v1.get(), passedOver);
            }
        }
        if (!mode.equals(AUTO) && !mode.equals("rlimit")) {
            throw new PyroException("limits_unavailable",
                    "PYRO_LIMITS asks for " + mode + " but it cannot be used here: " + String.join("; ", passedOver),
                    "unset PYRO_LIMITS to let pyro choose");
        }
        Path prlimit = Optional.ofNullable(HostSystem.findExecutable("prlimit")).orElseThrow(() -> new PyroException(
                "limits_unavailable",
                "no writable cgroup and no prlimit: pyro cannot limit sandbox memory and processes",
                "install util-linux (it provides prlimit), e.g. apt-get install -y util-linux"));
        return new Selection(new RlimitLimiter(prlimit), passedOver);
    }

    private static Optional<ResourceLimiter> verified(Optional<? extends CgroupLimiter> candidate,
                                                      List<String> passedOver, String mode) {
        if (candidate.isEmpty()) {
            passedOver.add(mode + ": not mounted, or no writable cgroup with memory and pids controllers");
            return Optional.empty();
        }
        String failure = placementFailure(candidate.get());
        if (failure != null) {
            passedOver.add(mode + ": " + failure);
            return Optional.empty();
        }
        return Optional.of(candidate.get());
    }

    /** Places a throw-away process into a test cgroup; null when that worked. */
    private static String placementFailure(CgroupLimiter limiter) {
        Limits limits;
        try {
            limits = limiter.apply("probe-" + ProcessHandle.current().pid() + "-" + System.nanoTime(),
                    ResourceLimits.defaults());
        } catch (PyroException e) {
            return e.getMessage();
        }
        try {
            Process process = new ProcessBuilder(limits.wrap(List.of("/bin/true")))
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            String output = new String(process.getInputStream().readAllBytes()).trim();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "placing a test process timed out";
            }
            return process.exitValue() == 0 ? null : "cannot place a process: " + output;
        } catch (IOException e) {
            return "cannot place a process: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            limits.release();
        }
    }

    /** How cgroups are mounted here: unified (v2), hybrid, legacy (v1), or none. */
    public static String cgroupLayout() {
        CgroupMounts mounts = CgroupMounts.read();
        boolean v1 = mounts.v1Mount("memory").isPresent() || mounts.v1Mount("pids").isPresent();
        boolean v2 = mounts.v2Mount().isPresent();
        if (v1 && v2) {
            return "hybrid (v1 controllers, v2 unified hierarchy)";
        }
        if (v2) {
            return "unified (v2)";
        }
        return v1 ? "legacy (v1)" : "none";
    }
}
