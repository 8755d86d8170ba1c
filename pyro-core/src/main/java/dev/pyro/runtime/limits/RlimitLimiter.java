package dev.pyro.runtime.limits;

import dev.pyro.runtime.ResourceLimits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fallback where no cgroup is writable: {@code prlimit} caps each process's data segment
 * and the sandbox user's process count, and disables core dumps. Weaker than cgroups: the
 * memory cap is per process, not per sandbox, and the process cap does not bind root.
 */
final class RlimitLimiter implements ResourceLimiter {
    private final Path prlimit;

    RlimitLimiter(Path prlimit) {
        this.prlimit = prlimit;
    }

    @Override
    public String mode() {
        return "rlimit";
    }

    @Override
    public String description() {
        return "rlimits via prlimit: data segment per process, process count per user"
                + " (weaker than cgroups: no per-sandbox memory total; root is not bound by the process count)";
    }

    @Override
    public Limits apply(String name, ResourceLimits limits) {
        return new PrefixLimits(List.of(prlimit.toString(),
                "--nproc=" + limits.pidsLimit(),
                "--data=" + limits.memBytes(),
                "--core=0",
                "--"));
    }

    @Override
    public Limits reattach(List<Path> cgroupDirs) {
        return new PrefixLimits(List.of());
    }

    /** Limits that live in the launched processes themselves: nothing to find or free later. */
    private record PrefixLimits(List<String> prefix) implements Limits {
        @Override
        public List<String> wrap(List<String> argv) {
            List<String> wrapped = new ArrayList<>(prefix);
            wrapped.addAll(argv);
            return wrapped;
        }

        @Override
        public List<Path> cgroupDirs() {
            return List.of();
        }

        @Override
        public boolean oomKilled() {
            return false;
        }

        @Override
        public void killAll() {
            // Nothing to find processes by; ending the sandbox's pid namespace ends them all.
        }

        @Override
        public void release() {
        }
    }
}
