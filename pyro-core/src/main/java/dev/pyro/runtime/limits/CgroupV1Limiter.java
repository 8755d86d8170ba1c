package dev.pyro.runtime.limits;

import dev.pyro.runtime.ResourceLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cgroup v1: a directory per controller under this process's own cgroup, so any limit a
 * supervisor put on pyro still applies to its sandboxes.
 */
final class CgroupV1Limiter extends CgroupLimiter {
    private final Path memoryBase;
    private final Path pidsBase;
    private final Path cpuBase;

    private CgroupV1Limiter(Path memoryBase, Path pidsBase, Path cpuBase) {
        this.memoryBase = memoryBase;
        this.pidsBase = pidsBase;
        this.cpuBase = cpuBase;
    }

    /** The limiter, if memory and pids hierarchies are mounted and writable here. */
    static Optional<CgroupV1Limiter> detect(CgroupMounts mounts) {
        Optional<Path> memory = mounts.ownV1Dir("memory");
        Optional<Path> pids = mounts.ownV1Dir("pids");
        if (memory.isEmpty() || pids.isEmpty()) {
            return Optional.empty();
        }
        try {
            Path memoryBase = makeDir(memory.get().resolve("pyro"));
            Path pidsBase = makeDir(pids.get().resolve("pyro"));
            Path cpuBase = null;
            Optional<Path> cpu = mounts.ownV1Dir("cpu");
            if (cpu.isPresent()) {
                try {
                    cpuBase = makeDir(cpu.get().resolve("pyro"));
                } catch (IOException e) {
                    cpuBase = null;
                }
            }
            return Optional.of(new CgroupV1Limiter(memoryBase, pidsBase, cpuBase));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public String mode() {
        return "cgroup-v1";
    }

    @Override
    public String description() {
        return "cgroup v1: memory and process count per sandbox" + (cpuBase != null ? ", CPU quota per vCPU" : "")
                + " (under " + memoryBase.getParent() + ")";
    }

    @Override
    protected List<Path> create(String name, ResourceLimits limits) throws IOException {
        List<Path> dirs = new ArrayList<>();
        Path memory = makeDir(memoryBase.resolve(name));
        dirs.add(memory);
        write(memory.resolve("memory.limit_in_bytes"), String.valueOf(limits.memBytes()));
        Path memsw = memory.resolve("memory.memsw.limit_in_bytes");
        if (Files.exists(memsw)) {
            write(memsw, String.valueOf(limits.memBytes()));
        }
        Path pids = makeDir(pidsBase.resolve(name));
        dirs.add(pids);
        write(pids.resolve("pids.max"), String.valueOf(limits.pidsLimit()));
        if (cpuBase != null) {
            Path cpu = makeDir(cpuBase.resolve(name));
            dirs.add(cpu);
            write(cpu.resolve("cpu.cfs_period_us"), String.valueOf(CPU_PERIOD_US));
            write(cpu.resolve("cpu.cfs_quota_us"), String.valueOf(CPU_PERIOD_US * limits.vcpuCount()));
        }
        return dirs;
    }
}
