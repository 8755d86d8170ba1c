package dev.pyro.runtime.bwrap;

import java.nio.file.Path;
import java.util.List;

/**
 * A pulled environment's root file system. One-shot runs bind it read-only; a workspace gets
 * it as the lower layer of an overlay whose upper layer is the workspace's own ({@code
 * merged}, mounted by the sandbox's prelude before bwrap starts), so what the workspace
 * installs stays in the workspace.
 */
final class RootfsRoot implements SandboxRoot {
    private final Path rootfs;
    private final Path merged;

    /** {@code merged}: the mounted overlay, or {@code null} for a read-only root. */
    RootfsRoot(Path rootfs, Path merged) {
        this.rootfs = rootfs;
        this.merged = merged;
    }

    @Override
    public List<String> mountArgs() {
        return merged == null ? List.of("--ro-bind", rootfs.toString(), "/") : List.of("--bind", merged.toString(), "/");
    }

    @Override
    public List<String> privateDirs() {
        return merged == null
                ? List.of("--tmpfs", "/tmp", "--tmpfs", "/var/tmp", "--tmpfs", "/root")
                : List.of("--tmpfs", "/tmp");
    }

    @Override
    public boolean readOnly() {
        return merged == null;
    }

    @Override
    public Path hostPathOf(Path sandboxPath) {
        Path normal = sandboxPath.normalize();
        if (merged != null || normal.getNameCount() == 0) {
            return null;
        }
        String first = normal.getName(0).toString();
        if (first.equals("workspace") || first.equals("tmp") || first.equals("root")) {
            return null;
        }
        return rootfs.resolve(normal.toString().substring(1));
    }
}
