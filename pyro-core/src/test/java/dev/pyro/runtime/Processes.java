package dev.pyro.runtime;

import java.util.List;

/** Host-side view of processes, to check that nothing a sandbox started is left behind. */
final class Processes {
    private Processes() {
    }

    /** Command lines of live host processes containing {@code fragment}, after a short settle. */
    static List<String> commandLinesContaining(String fragment) {
        List<String> found = List.of();
        for (int attempt = 0; attempt < 50; attempt++) {
            found = ProcessHandle.allProcesses()
                    .filter(ProcessHandle::isAlive)
                    .map(p -> p.info().commandLine().orElse(""))
                    .filter(line -> line.contains(fragment))
                    .toList();
            if (found.isEmpty()) {
                return found;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return found;
    }
}
