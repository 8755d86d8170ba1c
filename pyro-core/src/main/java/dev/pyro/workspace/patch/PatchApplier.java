package dev.pyro.workspace.patch;

import dev.pyro.PyroException;
import dev.pyro.workspace.diff.TextFiles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Applies parsed patches to file contents, all in memory: every hunk of every file must
 * match exactly (no fuzz) before any result is returned, so a rejected patch changes nothing.
 * A hunk whose lines sit elsewhere than its header says is applied where they are found,
 * nearest first, and reported with its offset.
 */
public final class PatchApplier {
    private static final int SHOWN_LINES = 8;

    private PatchApplier() {
    }

    /** Reads the current content of a workspace file; empty when it does not exist. */
    public interface Source {
        Optional<byte[]> read(String path);
    }

    /** The planned outcome for one file: new content (null when deleted) and what happened. */
    public record Planned(String path, FilePatch.Kind kind, byte[] content, Integer mode, int hunks, List<Integer> offsets) {
    }

    public static List<Planned> plan(List<FilePatch> patches, Source source) {
        List<String> rejections = new ArrayList<>();
        List<Planned> planned = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (FilePatch patch : patches) {
            if (!seen.add(patch.path())) {
                rejections.add(patch.path() + ": the patch changes this file in two separate sections; merge them");
                continue;
            }
            try {
                planned.add(planFile(patch, source.read(patch.path())));
            } catch (Rejected e) {
                rejections.add(e.getMessage());
            }
        }
        if (!rejections.isEmpty()) {
            throw new PyroException("patch_rejected", "patch rejected, nothing was changed:\n" + String.join("\n", rejections),
                    "read the files again and send a patch whose context lines match them exactly");
        }
        return planned;
    }

    private static Planned planFile(FilePatch patch, Optional<byte[]> current) throws Rejected {
        String path = patch.path();
        switch (patch.kind()) {
            case ADD -> {
                if (current.isPresent()) {
                    throw new Rejected(path + ": the patch adds this file, but it already exists");
                }
                StringBuilder content = new StringBuilder();
                for (FilePatch.Hunk hunk : patch.hunks()) {
                    if (hunk.oldCount() != 0) {
                        throw new Rejected(path + ": a new file's hunk cannot remove lines (" + hunk.header() + ")");
                    }
                    hunk.newLines().forEach(content::append);
                }
                return new Planned(path, patch.kind(), content.toString().getBytes(StandardCharsets.UTF_8),
                        patch.newMode() != null ? patch.newMode() : 0644, patch.hunks().size(), List.of());
            }
            case DELETE -> {
                if (current.isEmpty()) {
                    throw new Rejected(path + ": the patch deletes this file, but it does not exist");
                }
                if (!patch.hunks().isEmpty()) {
                    String expected = String.join("", patch.hunks().stream().flatMap(h -> h.oldLines().stream()).toList());
                    String actual = text(path, current.get());
                    if (!expected.equals(actual)) {
                        throw new Rejected(path + ": the patch deletes this file, but its content differs from the patch's");
                    }
                }
                return new Planned(path, patch.kind(), null, null, patch.hunks().size(), List.of());
            }
            default -> {
                if (current.isEmpty()) {
                    throw new Rejected(path + ": the patch changes this file, but it does not exist");
                }
                List<String> lines = TextFiles.lines(text(path, current.get()));
                List<Integer> offsets = new ArrayList<>();
                List<String> result = new ArrayList<>();
                int consumed = 0;
                int drift = 0;
                for (int h = 0; h < patch.hunks().size(); h++) {
                    FilePatch.Hunk hunk = patch.hunks().get(h);
                    List<String> expected = hunk.oldLines();
                    int declared = (hunk.oldCount() == 0 ? hunk.oldStart() : hunk.oldStart() - 1) + drift;
                    int at = find(lines, expected, declared, consumed);
                    if (at < 0) {
                        throw new Rejected(describe(path, h, hunk, expected, lines, Math.max(consumed, Math.min(declared, lines.size()))));
                    }
                    offsets.add(at - (hunk.oldCount() == 0 ? hunk.oldStart() : hunk.oldStart() - 1));
                    result.addAll(lines.subList(consumed, at));
                    result.addAll(hunk.newLines());
                    consumed = at + expected.size();
                    drift = at - (hunk.oldCount() == 0 ? hunk.oldStart() : hunk.oldStart() - 1);
                }
                result.addAll(lines.subList(consumed, lines.size()));
                return new Planned(path, patch.kind(), String.join("", result).getBytes(StandardCharsets.UTF_8),
                        patch.newMode(), patch.hunks().size(), offsets);
            }
        }
    }

    /** The position nearest {@code declared} (not before {@code from}) where {@code expected} matches exactly. */
    private static int find(List<String> lines, List<String> expected, int declared, int from) {
        int last = lines.size() - expected.size();
        int start = Math.max(from, Math.min(declared, last));
        for (int distance = 0; start - distance >= from || start + distance <= last; distance++) {
            if (start + distance <= last && matches(lines, expected, start + distance)) {
                return start + distance;
            }
            if (distance > 0 && start - distance >= from && matches(lines, expected, start - distance)) {
                return start - distance;
            }
        }
        return -1;
    }

    private static boolean matches(List<String> lines, List<String> expected, int at) {
        if (at < 0 || at + expected.size() > lines.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            if (!lines.get(at + i).equals(expected.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static String describe(String path, int index, FilePatch.Hunk hunk, List<String> expected, List<String> lines, int at) {
        StringBuilder out = new StringBuilder();
        out.append(path).append(": hunk ").append(index + 1).append(" (").append(hunk.header())
                .append(") does not match the file anywhere.\n  the patch expects, at line ").append(at + 1).append(":\n");
        expected.stream().limit(SHOWN_LINES).forEach(line -> out.append("    | ").append(show(line)).append('\n'));
        out.append("  the file has there:\n");
        lines.subList(Math.min(at, lines.size()), Math.min(lines.size(), at + Math.min(expected.size(), SHOWN_LINES)))
                .forEach(line -> out.append("    | ").append(show(line)).append('\n'));
        if (at >= lines.size()) {
            out.append("    (end of file)\n");
        }
        return out.toString().stripTrailing();
    }

    private static String show(String line) {
        String shown = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line + "  (no newline at end)";
        return shown.replace("\r", "\\r").replace("\t", "\\t");
    }

    private static String text(String path, byte[] content) throws Rejected {
        return TextFiles.decode(content).orElseThrow(() -> new Rejected(path + ": is a binary file; patches apply to text only"));
    }


    private static final class Rejected extends Exception {
        Rejected(String message) {
            super(message);
        }
    }
}
