package dev.pyro.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The journal files a command's output goes to while it runs ({@code .running-<pid>-<n>.stdout}),
 * renamed to its sequence number when it is filed. A caller killed mid-command cannot clean up;
 * its files carry its pid, so the next command removes them once that process is gone.
 */
final class RunningOutputs {
    private static final String PREFIX = ".running-";

    private RunningOutputs() {
    }

    static String newName() {
        return PREFIX + ProcessHandle.current().pid() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    /** Removes what is left of a command that was not filed (filed ones were moved away already). */
    static void delete(Path... files) {
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // Best effort: the next sweep gets it.
            }
        }
    }

    static void sweepAbandoned(Path outputs) {
        if (!Files.isDirectory(outputs)) {
            return;
        }
        try (Stream<Path> files = Files.list(outputs)) {
            files.filter(file -> abandoned(file.getFileName().toString())).forEach(RunningOutputs::delete);
        } catch (IOException e) {
            // Leftovers only cost space; never fail a command over them.
        }
    }

    private static boolean abandoned(String name) {
        if (!name.startsWith(PREFIX)) {
            return false;
        }
        int dash = name.indexOf('-', PREFIX.length());
        if (dash < 0) {
            return true;
        }
        try {
            return ProcessHandle.of(Long.parseLong(name.substring(PREFIX.length(), dash))).isEmpty();
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
