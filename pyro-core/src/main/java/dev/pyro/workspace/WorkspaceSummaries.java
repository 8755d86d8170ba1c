package dev.pyro.workspace;

import dev.pyro.io.JsonLines;
import java.util.ArrayList;
import java.util.List;

/** A short account of what happened in a workspace since it was created or last reset. */
public final class WorkspaceSummaries {
    private static final int RECENT_COMMANDS = 10;
    private static final int LISTED_PATHS = 50;

    private final WorkspaceContext context;
    private final WorkspaceChanges changes;

    WorkspaceSummaries(WorkspaceContext context, WorkspaceChanges changes) {
        this.context = context;
        this.changes = changes;
    }

    public record Commands(int count, int failed, List<JournalEntry> recent) {
    }

    public record FilesChanged(int added, int modified, int removed, int other, List<String> paths) {
    }

    public record Summary(String workspaceId, String name, String environment, String since, Commands commands,
                          FilesChanged files, List<String> snapshots, List<String> exports, int patchesApplied,
                          int resets, String text) {
    }

    public Summary summarize(String reference) {
        WorkspaceRecord record = context.resolve(reference);
        WorkspaceLayout layout = context.store.layout(record.workspaceId());
        List<JournalEntry> journal = JsonLines.read(layout.journal(), JournalEntry.class);
        String since = record.lastResetAt() != null ? record.lastResetAt() : record.createdAt();
        List<WorkspaceEvent> events = JsonLines.read(layout.events(), WorkspaceEvent.class).stream()
                .filter(e -> e.at().compareTo(since) >= 0)
                .toList();
        int failed = (int) journal.stream().filter(e -> e.exitCode() != 0).count();
        Commands commands = new Commands(journal.size(), failed,
                journal.subList(Math.max(0, journal.size() - RECENT_COMMANDS), journal.size()));

        WorkspaceChanges.Diff diff = changes.diff(record.workspaceId());
        List<String> paths = new ArrayList<>();
        for (WorkspaceChanges.Change change : diff.entries()) {
            if (!change.type().equals("directory") && paths.size() < LISTED_PATHS) {
                paths.add(letter(change.status()) + " " + change.path());
            }
        }
        WorkspaceChanges.Summary counts = diff.summary();
        FilesChanged files = new FilesChanged(counts.added(), counts.modified(), counts.removed(),
                counts.typeChanged() + counts.modeChanged(), paths);
        List<String> snapshots = events.stream().filter(e -> e.kind().equals("snapshot_create"))
                .map(e -> String.valueOf(e.details().get("name"))).toList();
        List<String> exports = events.stream().filter(e -> e.kind().equals("export"))
                .map(e -> String.valueOf(e.details().get("output"))).toList();
        int patches = (int) events.stream().filter(e -> e.kind().equals("patch_apply")).count();
        String text = render(record, since, commands, files, snapshots, exports, patches);
        return new Summary(record.workspaceId(), record.name(), record.environment(), since, commands, files, snapshots,
                exports, patches, record.resetCount(), text);
    }

    private static String render(WorkspaceRecord record, String since, Commands commands, FilesChanged files,
                                 List<String> snapshots, List<String> exports, int patches) {
        StringBuilder out = new StringBuilder();
        out.append("Workspace ").append(record.workspaceId());
        if (record.name() != null) {
            out.append(" (").append(record.name()).append(')');
        }
        out.append(", environment ").append(record.environment()).append(", since ").append(since).append('\n');
        out.append("Commands: ").append(commands.count()).append(" run, ").append(commands.failed()).append(" failed\n");
        for (JournalEntry entry : commands.recent()) {
            out.append("  #").append(entry.sequence()).append(" exit ").append(entry.exitCode())
                    .append(entry.timedOut() ? " (timed out)" : "").append("  ").append(oneLine(entry.command())).append('\n');
        }
        out.append("Files changed: ").append(files.added()).append(" added, ").append(files.modified()).append(" modified, ")
                .append(files.removed()).append(" removed\n");
        files.paths().forEach(path -> out.append("  ").append(path).append('\n'));
        if (patches > 0) {
            out.append("Patches applied: ").append(patches).append('\n');
        }
        if (!snapshots.isEmpty()) {
            out.append("Snapshots: ").append(String.join(", ", snapshots)).append('\n');
        }
        if (!exports.isEmpty()) {
            out.append("Exports: ").append(String.join(", ", exports)).append('\n');
        }
        if (record.resetCount() > 0) {
            out.append("Resets: ").append(record.resetCount()).append('\n');
        }
        return out.toString();
    }

    private static String letter(String status) {
        return switch (status) {
            case "added" -> "A";
            case "removed" -> "D";
            case "modified" -> "M";
            default -> "T";
        };
    }

    private static String oneLine(String command) {
        String line = command.replace('\n', ' ');
        return line.length() > 100 ? line.substring(0, 97) + "..." : line;
    }

}
