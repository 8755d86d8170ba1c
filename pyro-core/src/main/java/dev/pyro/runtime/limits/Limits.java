package dev.pyro.runtime.limits;

import java.nio.file.Path;
import java.util.List;

/** The limits of one sandbox, applied by wrapping its launch command. */
public interface Limits {

    /** The command that starts the sandbox inside these limits. */
    List<String> wrap(List<String> argv);

    /** Cgroup directories to record so another process can kill and release them. */
    List<Path> cgroupDirs();

    /** True when the kernel killed a process for exceeding the memory limit. */
    boolean oomKilled();

    /** Kills every process inside the limits (when the limits can find them). */
    void killAll();

    /** Frees what {@link ResourceLimiter#apply} created; call once the processes are gone. */
    void release();
}
