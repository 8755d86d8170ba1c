package dev.pyro.common;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds a command the way {@code execvp} would, so "not found" can be reported as exit 127
 * with a message instead of a runtime's own failure. The agent looks inside its sandbox;
 * the host looks through an environment's root layout ({@code toHost} maps a sandbox path to
 * the host path that backs it, or {@code null} when the host cannot see it).
 */
public final class CommandLocator {
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private CommandLocator() {
    }

    /** The result of a lookup: found, not found, or not knowable from where we stand. */
    public enum Lookup { FOUND, NOT_FOUND, UNKNOWN }

    public static Lookup locate(String command, String searchPath, Path cwd, Function<Path, Path> toHost) {
        if (command.contains("/")) {
            return check(toHost.apply(cwd.resolve(command)), false);
        }
        String path = searchPath == null ? DEFAULT_PATH : searchPath;
        boolean unknown = false;
        for (String dir : path.split(":", -1)) {
            Lookup lookup = check(toHost.apply((dir.isEmpty() ? cwd : cwd.resolve(dir)).resolve(command)), true);
            if (lookup == Lookup.FOUND) {
                return lookup;
            }
            unknown |= lookup == Lookup.UNKNOWN;
        }
        return unknown ? Lookup.UNKNOWN : Lookup.NOT_FOUND;
    }

    public static Lookup locateHere(String command, String searchPath, Path cwd) {
        return locate(command, searchPath, cwd, Function.identity());
    }

    private static Lookup check(Path hostPath, boolean mustBeExecutable) {
        if (hostPath == null) {
            return Lookup.UNKNOWN;
        }
        if (Files.isRegularFile(hostPath) && (!mustBeExecutable || Files.isExecutable(hostPath))) {
            return Lookup.FOUND;
        }
        return Lookup.NOT_FOUND;
    }
}
