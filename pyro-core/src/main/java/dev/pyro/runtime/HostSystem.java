package dev.pyro.runtime;

import dev.pyro.common.KernelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Facts about the host read from /proc and PATH. */
public final class HostSystem {
    private HostSystem() {
    }

    /** First executable named {@code name} on PATH or in the usual system directories, or null. */
    public static Path findExecutable(String name) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin"));
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** The real uid of this process, or -1 if /proc cannot tell. */
    public static long currentUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /**
     * When a process started, in clock ticks since boot (field 22 of /proc/PID/stat). With the
     * pid it identifies a process across pid reuse.
     */
    public static OptionalLong processStartTime(long pid) {
        try {
            String stat = KernelFiles.read(Path.of("/proc", Long.toString(pid), "stat"));
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // rest[0] is field 3 (state), so field 22 is rest[19].
            return OptionalLong.of(Long.parseLong(rest[19]));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** Whether {@code pid} is alive and is the process that started at {@code startTime}. */
    public static boolean isSameProcess(long pid, long startTime) {
        OptionalLong actual = processStartTime(pid);
        return actual.isPresent() && actual.getAsLong() == startTime && !isZombie(pid);
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = KernelFiles.read(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }
}
