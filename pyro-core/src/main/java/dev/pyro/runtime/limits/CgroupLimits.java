package dev.pyro.runtime.limits;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Limits held in one cgroup per hierarchy (one directory in v2; memory, pids and cpu
 * directories in v1). The launch command joins them from a tiny shell before it execs the
 * sandbox, so no process of the sandbox ever runs outside them.
 */
final class CgroupLimits implements Limits {
    private static final String JOIN_SCRIPT = """
            n=$1; shift
            ulimit -c 0
            while [ "$n" -gt 0 ]; do
              echo $$ > "$1" || { echo "pyro: cannot join cgroup $1" >&2; exit 125; }
              shift; n=$((n-1))
            done
            exec "$@"
            """;

    private final List<Path> dirs;

    CgroupLimits(List<Path> dirs) {
        this.dirs = List.copyOf(dirs);
    }

    @Override
    public List<String> wrap(List<String> argv) {
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", JOIN_SCRIPT, "pyro-limits", String.valueOf(dirs.size())));
        dirs.forEach(dir -> wrapped.add(dir.resolve("cgroup.procs").toString()));
        wrapped.addAll(argv);
        return wrapped;
    }

    @Override
    public List<Path> cgroupDirs() {
        return dirs;
    }

    @Override
    public boolean oomKilled() {
        for (Path dir : dirs) {
            // v1 reports kills in memory.oom_control, v2 in memory.events; both as "oom_kill N".
            for (String file : List.of("memory.oom_control", "memory.events")) {
                if (counter(dir.resolve(file), "oom_kill") > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void killAll() {
        for (Path dir : dirs) {
            Path kill = dir.resolve("cgroup.kill");
            if (Files.exists(kill)) {
                tryWrite(kill, "1");
            }
        }
        for (int attempt = 0; attempt < 200; attempt++) {
            List<Long> pids = pids();
            if (pids.isEmpty()) {
                return;
            }
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            sleepBriefly();
        }
    }

    @Override
    public void release() {
        for (Path dir : dirs) {
            for (int attempt = 0; attempt < 100 && Files.exists(dir); attempt++) {
                try {
                    Files.delete(dir);
                } catch (IOException e) {
                    // Still populated: the last processes are exiting, or something escaped a kill.
                    if (attempt == 10) {
                        killAll();
                    }
                    sleepBriefly();
                }
            }
        }
    }

    private List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        for (Path dir : dirs) {
            try {
                for (String line : Files.readAllLines(dir.resolve("cgroup.procs"))) {
                    if (!line.isBlank()) {
                        pids.add(Long.parseLong(line.trim()));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // Gone already.
            }
        }
        return pids;
    }

    static long counter(Path file, String name) {
        try {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2 && parts[0].equals(name)) {
                    return Long.parseLong(parts[1]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    static boolean tryWrite(Path file, String value) {
        try {
            Files.writeString(file, value);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
