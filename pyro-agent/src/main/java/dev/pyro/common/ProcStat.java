package dev.pyro.common;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The fields of /proc/PID/stat that pyro uses. The command name (field 2) may hold spaces and
 * parentheses, so fields are counted from the last ')'. {@code terminalProcessGroup} (field 8,
 * tpgid) is the foreground process group of the process's terminal, or -1 without one.
 */
public record ProcStat(char state, long parentPid, long startTime, long terminalProcessGroup) {

    public static Optional<ProcStat> read(long pid) {
        return read(Path.of("/proc", Long.toString(pid), "stat"));
    }

    public static Optional<ProcStat> read(Path statFile) {
        try {
            String stat = KernelFiles.read(statFile);
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // rest[0] is field 3 (state); field N is rest[N - 3].
            return Optional.of(new ProcStat(rest[0].charAt(0), Long.parseLong(rest[1]), Long.parseLong(rest[19]),
                    Long.parseLong(rest[5])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public boolean zombie() {
        return state == 'Z';
    }
}
