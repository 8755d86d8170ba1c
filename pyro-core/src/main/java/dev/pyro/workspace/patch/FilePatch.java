package dev.pyro.workspace.patch;

import java.util.List;

/** The changes a patch makes to one file. Paths are relative to /workspace. */
public record FilePatch(String path, Kind kind, Integer newMode, List<Hunk> hunks) {

    public enum Kind { MODIFY, ADD, DELETE }

    /** One hunk: its header numbers and body lines (kind ' ', '-' or '+'; text with its newline, if it had one). */
    public record Hunk(int oldStart, int oldCount, int newStart, int newCount, String header, List<Line> lines) {

        public List<String> oldLines() {
            return lines.stream().filter(l -> l.kind() != '+').map(Line::text).toList();
        }

        public List<String> newLines() {
            return lines.stream().filter(l -> l.kind() != '-').map(Line::text).toList();
        }
    }

    public record Line(char kind, String text) {
    }
}
