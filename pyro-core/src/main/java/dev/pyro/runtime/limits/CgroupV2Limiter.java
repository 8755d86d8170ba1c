package dev.pyro.runtime.limits;

import dev.pyro.common.KernelFiles;
import dev.pyro.runtime.ResourceLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cgroup v2: one directory per sandbox under a {@code pyro} cgroup. A cgroup with processes
 * cannot hand controllers to children, so the base sits next to this process's own cgroup
 * (in its parent) rather than under it; as root it may also sit at the top of the hierarchy.
 */
final class CgroupV2Limiter extends CgroupLimiter {
    private final Path base;
    private final boolean cpu;

    private CgroupV2Limiter(Path base, boolean cpu) {
        this.base = base;
        this.cpu = cpu;
    }

    static Optional<CgroupV2Limiter> detect(CgroupMounts mounts, long uid) {
        Optional<CgroupMounts.Mount> mount = mounts.v2Mount();
        Optional<Path> own = mounts.ownV2Dir();
        if (mount.isEmpty() || own.isEmpty()) {
            return Optional.empty();
        }
        List<Path> candidates = new ArrayList<>();
        if (own.get().getParent() != null && own.get().startsWith(mount.get().mountPoint())
                && !own.get().equals(mount.get().mountPoint())) {
            candidates.add(own.get().getParent().resolve("pyro-" + uid));
        }
        if (uid == 0) {
            candidates.add(mount.get().mountPoint().resolve("pyro"));
        }
        for (Path candidate : candidates) {
            Optional<CgroupV2Limiter> limiter = prepareBase(candidate);
            if (limiter.isPresent()) {
                return limiter;
            }
        }
        return Optional.empty();
    }

    private static Optional<CgroupV2Limiter> prepareBase(Path base) {
        try {
            makeDir(base);
            List<String> available = controllers(base.resolve("cgroup.controllers"));
            if (!available.contains("memory") || !available.contains("pids")) {
                CgroupLimits.tryWrite(base.getParent().resolve("cgroup.subtree_control"), "+memory +pids");
                available = controllers(base.resolve("cgroup.controllers"));
            }
            if (!available.contains("memory") || !available.contains("pids")) {
                return Optional.empty();
            }
            boolean cpu = available.contains("cpu");
            write(base.resolve("cgroup.subtree_control"), cpu ? "+memory +pids +cpu" : "+memory +pids");
            return Optional.of(new CgroupV2Limiter(base, cpu));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static List<String> controllers(Path file) throws IOException {
        return List.of(KernelFiles.read(file).trim().split("\\s+"));
    }

    @Override
    public String mode() {
        return "cgroup-v2";
    }

    @Override
    public String description() {
        return "cgroup v2: memory (no swap) and process count per sandbox" + (cpu ? ", CPU quota per vCPU" : "")
                + " (under " + base + ")";
    }

    @Override
    protected List<Path> create(String name, ResourceLimits limits) throws IOException {
        Path dir = makeDir(base.resolve(name));
        write(dir.resolve("memory.max"), String.valueOf(limits.memBytes()));
        if (Files.exists(dir.resolve("memory.swap.max"))) {
            write(dir.resolve("memory.swap.max"), "0");
        }
        write(dir.resolve("pids.max"), String.valueOf(limits.pidsLimit()));
        if (cpu) {
            write(dir.resolve("cpu.max"), (CPU_PERIOD_US * limits.vcpuCount()) + " " + CPU_PERIOD_US);
        }
        return List.of(dir);
    }
}
