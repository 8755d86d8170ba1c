package dev.pyro.runtime.bwrap;

import dev.pyro.PyroException;
import dev.pyro.runtime.HostSystem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What runs before bwrap when a sandbox needs namespaces prepared from outside it: a user
 * namespace of the caller's (so a helper such as slirp4netns can join it), a network namespace
 * with its routes set, a mount namespace holding a workspace's copy-on-write root. Each step
 * execs the next (unshare, then sh, then bwrap), so the process ends up as bwrap with the pid
 * it started with. Without anything to prepare, bwrap runs directly.
 */
final class SandboxPrelude {
    private final List<List<String>> steps = new ArrayList<>();
    private boolean network;
    private boolean mount;

    /** A network namespace of its own, set up by {@code setup} (commands, one argv each). */
    SandboxPrelude network(List<List<String>> setup) {
        network = true;
        steps.addAll(setup);
        return this;
    }

    /**
     * An overlay at {@code layer/merged} with {@code lower} below and {@code layer/upper} on top
     * ({@code layer/work} is overlayfs' own), mounted in a mount namespace of its own.
     */
    SandboxPrelude overlay(Path lower, Path layer) {
        for (Path path : List.of(lower, layer)) {
            if (path.toString().matches(".*[,:\\\\].*")) {
                throw new PyroException("state_path_unusable", "the path " + path + " holds a ',', ':' or '\\\\', which an overlay "
                        + "mount cannot take", "set PYRO_HOME and PYRO_CACHE_DIR to paths without them");
            }
        }
        mount = true;
        steps.add(List.of("mount", "-t", "overlay", "overlay", "-o", "userxattr,lowerdir=" + lower + ",upperdir="
                + layer.resolve("upper") + ",workdir=" + layer.resolve("work"), layer.resolve("merged").toString()));
        return this;
    }

    List<String> wrap(List<String> bwrap) {
        if (!network && !mount) {
            return bwrap;
        }
        Path unshare = HostSystem.findExecutable("unshare");
        if (unshare == null) {
            throw new PyroException("sandbox_unavailable", "this sandbox needs unshare (util-linux) to prepare its namespaces",
                    InstallHint.forPackage("util-linux", "util-linux"));
        }
        List<String> argv = new ArrayList<>(List.of(unshare.toString(), "--user", "--map-root-user"));
        if (network) {
            argv.add("--net");
        }
        if (mount) {
            argv.add("--mount");
        }
        StringBuilder script = new StringBuilder();
        for (List<String> step : steps) {
            step.forEach(word -> script.append(quote(word)).append(' '));
            script.append("&& ");
        }
        script.append("exec \"$@\"");
        argv.addAll(List.of("--", "/bin/sh", "-c", script.toString(), "pyro-sandbox"));
        argv.addAll(bwrap);
        return argv;
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
