package dev.pyro.runtime.limits;

import dev.pyro.PyroException;
import dev.pyro.runtime.ResourceLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What v1 and v2 share: creating a sandbox's cgroups, failing cleanly, reattaching. */
abstract class CgroupLimiter implements ResourceLimiter {
    static final long CPU_PERIOD_US = 100_000;

    /** Creates the sandbox's cgroup directories with the limits written into them. */
    protected abstract List<Path> create(String name, ResourceLimits limits) throws IOException;

    @Override
    public Limits apply(String name, ResourceLimits limits) {
        try {
            return new CgroupLimits(create(name, limits));
        } catch (IOException e) {
            throw new PyroException("limits_unavailable",
                    "cannot create the " + mode() + " cgroup for sandbox " + name + ": " + e.getMessage(),
                    "check that " + mode() + " is still writable ('pyro doctor'), or set PYRO_LIMITS=rlimit");
        }
    }

    @Override
    public Limits reattach(List<Path> cgroupDirs) {
        return new CgroupLimits(cgroupDirs);
    }

    static Path makeDir(Path dir) throws IOException {
        Files.createDirectories(dir);
        return dir;
    }

    static void write(Path file, String value) throws IOException {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            throw new IOException("cannot write " + value + " to " + file + ": " + e.getMessage(), e);
        }
    }
}
