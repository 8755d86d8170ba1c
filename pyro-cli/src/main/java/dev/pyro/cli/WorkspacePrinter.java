package dev.pyro.cli;

import dev.pyro.workspace.WorkspaceInfo;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/** Human renderings of workspaces. */
final class WorkspacePrinter {
    private WorkspacePrinter() {
    }

    static void block(PrintWriter out, WorkspaceInfo w) {
        out.println("Workspace: " + w.workspaceId() + (w.name() == null ? "" : " (" + w.name() + ")"));
        out.println("Environment: " + w.environment());
        out.println("State: " + w.state() + (w.sandboxRunning() ? "" : " (sandbox not running; it restarts on next use)"));
        out.println("Path: " + w.workspacePath());
        out.println("Execution mode: " + w.executionMode());
        out.println("Resources: " + w.vcpuCount() + " vCPU / " + w.memMib() + " MiB");
        if (!w.labels().isEmpty()) {
            out.println("Labels: " + labels(w));
        }
        String seed = w.workspaceSeed() == null || w.workspaceSeed().mode().equals("empty") ? "empty"
                : w.workspaceSeed().mode() + " " + w.workspaceSeed().sourcePath() + " (" + w.workspaceSeed().entries() + " entries)";
        out.println("Seed: " + seed);
        out.println("Created: " + w.createdAt());
        out.println("Last activity: " + w.lastActivityAt());
        out.println("Expires: " + (w.expiresAt() == null ? "never" : w.expiresAt() + " (after " + w.ttlSeconds() + " s idle)"));
        String last = w.lastCommand() == null ? "" : " (last: #" + w.lastCommand().sequence() + " exit "
                + w.lastCommand().exitCode() + ": " + w.lastCommand().command().replace('\n', ' ') + ")";
        out.println("Commands: " + w.commandCount() + last);
        if (w.resetCount() > 0) {
            out.println("Resets: " + w.resetCount() + " (last " + w.lastResetAt() + ")");
        }
    }

    static void table(PrintWriter out, List<WorkspaceInfo> workspaces) {
        if (workspaces.isEmpty()) {
            out.println("No workspaces. Create one with: pyro workspace create");
            return;
        }
        String format = "%-12s  %-20s  %-8s  %-24s  %-24s  %s%n";
        out.printf(format, "ID", "NAME", "STATE", "LAST ACTIVITY", "EXPIRES", "LABELS");
        for (WorkspaceInfo w : workspaces) {
            out.printf(format, w.workspaceId(), w.name() == null ? "-" : w.name(), w.state(), w.lastActivityAt(),
                    w.expiresAt() == null ? "never" : w.expiresAt(), w.labels().isEmpty() ? "-" : labels(w));
        }
    }

    private static String labels(WorkspaceInfo w) {
        return w.labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }
}
