package dev.pyro.runtime.bwrap;

import java.nio.file.Path;
import java.util.List;

/** What a sandbox's root file system is built from: the host's {@code /usr}, or a pulled environment. */
interface SandboxRoot {

    /** bwrap arguments that put the root in place, before {@code /proc} and {@code /dev}. */
    List<String> mountArgs();

    /** bwrap arguments for the directories that are private to each sandbox ({@code /tmp}, ...). */
    List<String> privateDirs();

    /** Whether the root is remounted read-only once everything is in place. */
    boolean readOnly();

    /**
     * The host path behind a sandbox path, for paths the host can look at before the sandbox
     * exists (to tell "command not found" apart); {@code null} for everything else.
     */
    Path hostPathOf(Path sandboxPath);
}
