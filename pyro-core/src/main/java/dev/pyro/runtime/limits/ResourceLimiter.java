package dev.pyro.runtime.limits;

import dev.pyro.runtime.ResourceLimits;
import java.nio.file.Path;
import java.util.List;

/** One way of enforcing memory, process-count and CPU limits on a sandbox. */
public interface ResourceLimiter {

    /** {@code cgroup-v1}, {@code cgroup-v2} or {@code rlimit}. */
    String mode();

    /** What is enforced and how, for {@code pyro doctor}. */
    String description();

    Limits apply(String name, ResourceLimits limits);

    /** The limits of a sandbox started by another process, from its recorded cgroup dirs. */
    Limits reattach(List<Path> cgroupDirs);
}
