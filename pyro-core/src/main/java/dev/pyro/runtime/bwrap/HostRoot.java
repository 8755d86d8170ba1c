package dev.pyro.runtime.bwrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The root file system of the {@code host} environment: the host's {@code /usr} and its
 * merged-usr links, and {@code /etc} from an {@link EtcSnapshot}. Nothing else of the host is
 * there: no home directories, {@code /root}, {@code /tmp}, {@code /var}, {@code /run} or sockets.
 */
final class HostRoot implements SandboxRoot {
    private static final List<String> TOP_LEVEL_LINKS = List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32");

    private final Path hostRoot;
    private final EtcSnapshot etc;
    private List<String> mountArgs;

    HostRoot(Path hostRoot, Path runtimeDir) {
        this.hostRoot = hostRoot;
        this.etc = new EtcSnapshot(hostRoot.resolve("etc"), runtimeDir.resolve("etc"));
    }

    /**
     * bwrap arguments that build this root (before the sandbox's own mounts). Computed once
     * per runtime: a long-lived process picks up /etc changes when it restarts.
     */
    @Override
    public synchronized List<String> mountArgs() {
        if (mountArgs == null) {
            mountArgs = List.copyOf(computeMountArgs());
        }
        return mountArgs;
    }

    private List<String> computeMountArgs() {
        List<String> args = new ArrayList<>(List.of("--ro-bind", hostRoot.resolve("usr").toString(), "/usr"));
        for (String name : TOP_LEVEL_LINKS) {
            Path host = hostRoot.resolve(name);
            if (Files.isSymbolicLink(host)) {
                args.addAll(List.of("--symlink", readLink(host), "/" + name));
            } else if (Files.isDirectory(host)) {
                args.addAll(List.of("--ro-bind", host.toString(), "/" + name));
            }
        }
        args.addAll(List.of("--ro-bind", etc.current().toString(), "/etc"));
        return args;
    }

    /**
     * The host path behind a sandbox path, for paths this root takes from the host; {@code
     * null} for everything else (the workspace, /tmp), which the host cannot see.
     */
    @Override
    public List<String> privateDirs() {
        return List.of("--tmpfs", "/tmp", "--symlink", "../tmp", "/var/tmp", "--tmpfs", "/root");
    }

    @Override
    public boolean readOnly() {
        return true;
    }

    @Override
    public Path hostPathOf(Path sandboxPath) {
        Path normal = sandboxPath.normalize();
        if (normal.getNameCount() == 0) {
            return null;
        }
        String first = normal.getName(0).toString();
        if (first.equals("usr") || TOP_LEVEL_LINKS.contains(first)) {
            return hostRoot.resolve(normal.toString().substring(1));
        }
        return null;
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read link " + link, e);
        }
    }
}
