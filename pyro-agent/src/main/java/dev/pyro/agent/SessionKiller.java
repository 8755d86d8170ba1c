package dev.pyro.agent;

import dev.pyro.common.ProcStat;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Kills every process of a session. Commands run as session leaders (via {@code setsid}), so
 * this reaches their background children even after those are re-parented to the sandbox's
 * init, which a walk of descendants would miss. Processes that start a session of their own
 * escape, as they do with {@code timeout(1)}; they end with the sandbox.
 */
final class SessionKiller {
    private static final Path PROC = Path.of("/proc");

    private SessionKiller() {
    }

    /** Kills the session's processes, rescanning until none is left or attempts run out. */
    static void kill(long sessionId) {
        for (int attempt = 0; attempt < 200; attempt++) {
            if (killOnce(sessionId) == 0) {
                return;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        AgentLog.info("processes of session " + sessionId + " survived repeated SIGKILL");
    }

    private static int killOnce(long sessionId) {
        int found = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC)) {
            for (Path entry : entries) {
                long pid = parsePid(entry.getFileName().toString());
                if (pid > 0 && ProcStat.read(entry.resolve("stat")).filter(stat -> !stat.zombie())
                        .map(ProcStat::session).orElse(-1L) == sessionId) {
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                    found++;
                }
            }
        } catch (IOException e) {
            AgentLog.info("cannot scan /proc: " + e.getMessage());
        }
        return found;
    }

    private static long parsePid(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return -1;
            }
        }
        return name.isEmpty() ? -1 : Long.parseLong(name);
    }
}
