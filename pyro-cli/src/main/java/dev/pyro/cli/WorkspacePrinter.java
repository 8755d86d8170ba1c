package dev.pyro.cli;

import dev.pyro.workspace.WorkspaceFiles;
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
        out.println("State: " + w.state() + (w.sandboxRunning() || w.state().equals("stopped") ? ""
                : " (sandbox not running; it restarts on next use)"));
        out.println("Path: " + w.workspacePath());
        out.println("Execution mode: " + w.executionMode());
        out.println("Resources: " + w.vcpuCount() + " vCPU / " + w.memMib() + " MiB");
        out.println("Network: " + w.networkPolicy());
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
        if (!w.secrets().isEmpty()) {
            out.println("Secrets: " + String.join(", ", w.secrets()) + " (values never shown)");
        }
        if (w.serviceCount() > 0) {
            out.println("Services: " + w.serviceCount() + " (" + w.runningServiceCount() + " running)");
        }
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

    /** A file listing; {@code marker} names the command in the stderr note, e.g. workspace-file-list. */
    static void listing(PrintWriter out, PrintWriter err, WorkspaceFiles.Listing listing, String marker) {
        out.println("Workspace path: " + listing.path() + " (recursive=" + (listing.recursive() ? "yes" : "no") + ")");
        if (listing.entries().isEmpty()) {
            out.println("No workspace entries found.");
        }
        for (WorkspaceFiles.Entry entry : listing.entries()) {
            out.println(entry.path() + " [" + entry.type() + "] size=" + entry.sizeBytes()
                    + (entry.linkTarget() == null ? "" : " -> " + entry.linkTarget()));
        }
        if (listing.truncated()) {
            err.println("[" + marker + "] listing stopped at " + listing.count() + " entries; list a narrower path");
        }
    }

    /** A file's text (then a summary line on stderr unless {@code contentOnly}); binary files are only described. */
    static void content(PrintWriter out, PrintWriter err, WorkspaceFiles.Content content, boolean contentOnly, String marker,
                        String copyOutHint) {
        if (content.binary()) {
            err.println("pyro: " + content.path() + " is a binary file (" + content.sizeBytes() + " bytes); " + copyOutHint);
            return;
        }
        out.print(content.content());
        out.flush();
        if (!contentOnly) {
            if (!content.content().isEmpty() && !content.content().endsWith("\n")) {
                out.println();
            }
            err.println("[" + marker + "] path=" + content.path() + " size=" + content.sizeBytes()
                    + " bytes_read=" + content.bytesRead() + " truncated=" + content.truncated()
                    + (content.truncated() ? " (continue with --offset " + (content.offset() + content.bytesRead()) + ")" : ""));
        }
    }

    private static String labels(WorkspaceInfo w) {
        return w.labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }
}
