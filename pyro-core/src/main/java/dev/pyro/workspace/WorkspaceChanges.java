package dev.pyro.workspace;

import dev.pyro.PyroException;
import dev.pyro.contract.Contract;
import dev.pyro.runtime.agent.AgentClient;
import dev.pyro.runtime.agent.AgentClient.FileChange;
import dev.pyro.runtime.agent.AgentException;
import dev.pyro.workspace.diff.ManifestEntry;
import dev.pyro.workspace.diff.Manifests;
import dev.pyro.workspace.diff.TextFiles;
import dev.pyro.workspace.diff.UnifiedDiffWriter;
import dev.pyro.workspace.patch.FilePatch;
import dev.pyro.workspace.patch.PatchApplier;
import dev.pyro.workspace.patch.PatchParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Diff against the create-time baseline, and patch apply. */
public final class WorkspaceChanges {
    /** Files larger than this are summarised, not diffed line by line. */
    static final int MAX_TEXT_DIFF_BYTES = 1 << 20;

    private final WorkspaceContext context;

    WorkspaceChanges(WorkspaceContext context) {
        this.context = context;
    }

    /** One changed path: {@code added}, {@code removed}, {@code modified}, {@code type_changed} or {@code mode_changed}. */
    public record Change(String path, String status, String type, boolean binary) {
    }

    public record Summary(int added, int removed, int modified, int typeChanged, int modeChanged, int binary, int total) {
    }

    /**
     * {@code changed} false with empty entries and patch when /workspace matches the baseline.
     * {@code patchTruncated}: the patch text stops after {@link Contract#MAX_DIFF_PATCH_FILES}
     * files or {@link Contract#MAX_DIFF_PATCH_BYTES} bytes; {@code entries} still lists every change.
     */
    public record Diff(String workspaceId, boolean changed, Summary summary, List<Change> entries, String patch,
                       boolean patchTruncated) {
    }

    public Diff diff(String reference) {
        WorkspaceRecord record = context.resolve(reference);
        WorkspaceLayout layout = context.store.layout(record.workspaceId());
        Map<String, ManifestEntry> before = byPath(Manifests.read(layout.baselineManifest()));
        Map<String, ManifestEntry> after = byPath(context.call(record, agent -> agent.manifest("")).stream()
                .map(ManifestEntry::fromAgent).toList());
        List<Change> changes = new ArrayList<>();
        Set<String> oldNeeded = new HashSet<>();
        Set<String> newNeeded = new HashSet<>();
        Set<String> patchFiles = new HashSet<>();
        for (String path : new TreeSet<>(union(before.keySet(), after.keySet()))) {
            ManifestEntry old = before.get(path);
            ManifestEntry now = after.get(path);
            String status = status(old, now);
            if (status == null) {
                continue;
            }
            changes.add(new Change(path, status, (now != null ? now : old).type(), false));
            boolean withText = !status.equals("mode_changed") && patchFiles.size() < Contract.MAX_DIFF_PATCH_FILES
                    && isFileChange(old, now);
            if (withText) {
                patchFiles.add(path);
            }
            if (withText && old != null && old.isFile() && old.size() <= MAX_TEXT_DIFF_BYTES) {
                oldNeeded.add(path);
            }
            if (withText && now != null && now.isFile() && now.size() <= MAX_TEXT_DIFF_BYTES) {
                newNeeded.add(path);
            }
        }
        if (changes.isEmpty()) {
            return new Diff(record.workspaceId(), false, new Summary(0, 0, 0, 0, 0, 0, 0), List.of(), "", false);
        }
        Map<String, byte[]> oldContents;
        try {
            oldContents = Manifests.contents(layout.baselineArchive(), oldNeeded);
        } catch (IOException e) {
            throw new PyroException("state_unreadable", "cannot read the baseline of " + record.workspaceId() + ": " + e.getMessage(), null);
        }
        Map<String, byte[]> newContents = context.call(record, agent -> readAll(agent, newNeeded));
        StringBuilder patch = new StringBuilder();
        List<Change> entries = new ArrayList<>();
        boolean truncated = false;
        for (Change change : changes) {
            ManifestEntry old = before.get(change.path());
            ManifestEntry now = after.get(change.path());
            boolean binary = false;
            if (patch.length() > Contract.MAX_DIFF_PATCH_BYTES
                    || (isFileChange(old, now) && !change.status().equals("mode_changed") && !patchFiles.contains(change.path()))) {
                truncated = true;
            } else if (change.status().equals("mode_changed")) {
                if (now.isFile()) {
                    patch.append(UnifiedDiffWriter.file(change.path(), "", "", old.mode(), now.mode()));
                }
            } else if (isFileChange(old, now)) {
                Optional<String> oldText = old != null && old.isFile() ? textOf(oldContents.get(change.path())) : Optional.of("");
                Optional<String> newText = now != null && now.isFile() ? textOf(newContents.get(change.path())) : Optional.of("");
                if (oldText.isEmpty() || newText.isEmpty()) {
                    binary = true;
                    patch.append(UnifiedDiffWriter.binary(change.path(), old == null, now == null));
                } else {
                    patch.append(UnifiedDiffWriter.file(change.path(),
                            old != null && old.isFile() ? oldText.get() : null,
                            now != null && now.isFile() ? newText.get() : null,
                            old != null ? old.mode() : 0644, now != null ? now.mode() : 0644));
                }
            }
            entries.add(new Change(change.path(), change.status(), change.type(), binary));
        }
        return new Diff(record.workspaceId(), true, summarize(entries), entries,
                context.secrets.redactor(record).redact(patch.toString()), truncated);
    }

    private static String status(ManifestEntry old, ManifestEntry now) {
        if (old == null) {
            return "added";
        }
        if (now == null) {
            return "removed";
        }
        if (!old.type().equals(now.type())) {
            return "type_changed";
        }
        boolean contentChanged = switch (now.type()) {
            case "file" -> old.size() != now.size() || !java.util.Objects.equals(old.sha256(), now.sha256());
            case "symlink" -> !java.util.Objects.equals(old.target(), now.target());
            default -> false;
        };
        if (contentChanged) {
            return "modified";
        }
        return old.mode() != now.mode() ? "mode_changed" : null;
    }

    /** Regular-file changes get a patch section (a too-large file shows as binary). */
    private static boolean isFileChange(ManifestEntry old, ManifestEntry now) {
        boolean oldFile = old == null || old.isFile();
        boolean newFile = now == null || now.isFile();
        return oldFile && newFile;
    }

    private static Optional<String> textOf(byte[] content) {
        return content == null ? Optional.empty() : TextFiles.decode(content);
    }

    private static Map<String, byte[]> readAll(AgentClient agent, Set<String> paths) {
        Map<String, byte[]> contents = new TreeMap<>();
        for (String path : paths) {
            try {
                contents.put(path, agent.read(path, 0, MAX_TEXT_DIFF_BYTES + 1).data());
            } catch (AgentException e) {
                if (!e.code().equals("not_found")) {
                    throw e;
                }
                // Gone since the manifest was taken (a process deleted it): shown without text.
            }
        }
        return contents;
    }

    private static Summary summarize(List<Change> entries) {
        Map<String, Long> counts = entries.stream().collect(Collectors.groupingBy(Change::status, Collectors.counting()));
        int binary = (int) entries.stream().filter(Change::binary).count();
        return new Summary(count(counts, "added"), count(counts, "removed"), count(counts, "modified"),
                count(counts, "type_changed"), count(counts, "mode_changed"), binary, entries.size());
    }

    private static int count(Map<String, Long> counts, String status) {
        return counts.getOrDefault(status, 0L).intValue();
    }

    private static Map<String, ManifestEntry> byPath(List<ManifestEntry> entries) {
        return entries.stream().collect(Collectors.toMap(ManifestEntry::path, Function.identity(), (a, b) -> b, LinkedHashMap::new));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    public record PatchedFile(String path, String status, int hunks, List<Integer> offsets) {
    }

    public record Patched(String workspaceId, int filesChanged, List<PatchedFile> files) {
    }

    /**
     * Applies a unified diff: parsed and checked against every file before anything is
     * written, then written in one step. A rejected hunk is reported with its file, its
     * header and the lines that did not match.
     */
    public Patched applyPatch(String reference, String patchText) {
        List<FilePatch> patches = PatchParser.parse(patchText);
        WorkspaceRecord record = context.resolve(reference);
        List<PatchApplier.Planned> planned = context.call(record, agent -> PatchApplier.plan(patches, path -> read(agent, path)));
        List<FileChange> changes = new ArrayList<>();
        List<PatchedFile> files = new ArrayList<>();
        for (PatchApplier.Planned change : planned) {
            changes.add(change.content() == null ? FileChange.delete(change.path())
                    : FileChange.write(change.path(), change.content(), change.mode() == null ? -1 : change.mode()));
            String status = switch (change.kind()) {
                case ADD -> "added";
                case DELETE -> "deleted";
                default -> "modified";
            };
            files.add(new PatchedFile(WorkspaceFiles.absolute(change.path()), status, change.hunks(), change.offsets()));
        }
        context.call(record, agent -> {
            agent.apply(changes);
            return null;
        });
        WorkspaceLayout layout = context.store.layout(record.workspaceId());
        context.store.update(record.workspaceId(), r -> r.withActivity(context.now()));
        context.event(layout, "patch_apply", Map.of("files", files.stream().map(PatchedFile::path).toList()));
        return new Patched(record.workspaceId(), files.size(), files);
    }

    private static Optional<byte[]> read(AgentClient agent, String path) {
        try {
            AgentClient.FileContent file = agent.read(path, 0, Contract.MAX_FILE_BYTES);
            if (file.truncated()) {
                throw PyroException.invalidArgument(path + " is larger than " + Contract.MAX_FILE_BYTES + " bytes; patch it with a command");
            }
            return Optional.of(file.data());
        } catch (AgentException e) {
            if (e.code().equals("not_found")) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
