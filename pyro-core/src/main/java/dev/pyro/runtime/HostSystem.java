package dev.pyro.runtime;

import dev.pyro.common.ProcStat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    /** Whether {@code pid} is alive and is the process that started at {@code startTime} (clock ticks since boot). */
    public static boolean isSameProcess(long pid, long startTime) {
        return ProcStat.read(pid).filter(stat -> !stat.zombie() && stat.startTime() == startTime).isPresent();
    }

    /** When a process started, in clock ticks since boot: with the pid, it identifies a process across pid reuse. */
    public static long processStartTime(long pid) {
        return ProcStat.read(pid).map(ProcStat::startTime).orElse(-1L);
    }

    /** The first line {@code executable --version} prints, or empty when it cannot be run. */
    public static java.util.Optional<String> version(Path executable) {
        try {
            Process process = new ProcessBuilder(executable.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS) || process.exitValue() != 0) {
                return java.util.Optional.empty();
            }
            return out.lines().findFirst();
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }

    /** Processes whose command line has {@code fragment} in one of its arguments (from /proc/PID/cmdline). */
    public static List<Long> processesMentioning(String fragment) {
        List<Long> found = new ArrayList<>();
        try (var entries = Files.list(Path.of("/proc"))) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String cmdline = new String(Files.readAllBytes(entry.resolve("cmdline")), java.nio.charset.StandardCharsets.UTF_8);
                    if (cmdline.contains(fragment)) {
                        found.add(Long.parseLong(name));
                    }
                } catch (IOException e) {
                    // Gone, or not ours to read.
                }
            }
        } catch (IOException e) {
            return found;
        }
        return found;
    }
}
