package dev.pyro.workspace.diff;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import java.util.ArrayList;
import java.util.List;

/**
 * Git-style unified diffs of text files, three lines of context, with "\ No newline at end of
 * file" markers, so that {@code git apply}, {@code patch -p1} and pyro's own patch apply all
 * accept the output.
 */
public final class UnifiedDiffWriter {
    private static final int CONTEXT = 3;
    private static final String NO_NEWLINE = "\\ No newline at end of file";

    private UnifiedDiffWriter() {
    }

    /** The file section for a change; {@code oldText}/{@code newText} null for an added/removed file. */
    public static String file(String path, String oldText, String newText, int oldMode, int newMode) {
        StringBuilder out = new StringBuilder();
        out.append("diff --git a/").append(path).append(" b/").append(path).append('\n');
        if (oldText == null) {
            out.append("new file mode ").append(gitMode(newMode)).append('\n');
        } else if (newText == null) {
            out.append("deleted file mode ").append(gitMode(oldMode)).append('\n');
        } else if (oldMode != newMode) {
            out.append("old mode ").append(gitMode(oldMode)).append('\n');
            out.append("new mode ").append(gitMode(newMode)).append('\n');
        }
        List<String> oldLines = TextFiles.lines(oldText);
        List<String> newLines = TextFiles.lines(newText);
        if (oldLines.equals(newLines)) {
            return out.toString();
        }
        out.append("--- ").append(oldText == null ? "/dev/null" : "a/" + path).append('\n');
        out.append("+++ ").append(newText == null ? "/dev/null" : "b/" + path).append('\n');
        appendHunks(out, oldLines, newLines);
        return out.toString();
    }

    /** The section for a binary change, as git prints it. */
    public static String binary(String path, boolean added, boolean removed) {
        return "diff --git a/" + path + " b/" + path + "\n"
                + "Binary files " + (added ? "/dev/null" : "a/" + path) + " and " + (removed ? "/dev/null" : "b/" + path)
                + " differ\n";
    }


    private static void appendHunks(StringBuilder out, List<String> a, List<String> b) {
        List<AbstractDelta<String>> deltas = DiffUtils.diff(a, b).getDeltas();
        int i = 0;
        while (i < deltas.size()) {
            int j = i;
            while (j + 1 < deltas.size()
                    && deltas.get(j + 1).getSource().getPosition() - end(deltas.get(j)) <= 2 * CONTEXT) {
                j++;
            }
            AbstractDelta<String> first = deltas.get(i);
            AbstractDelta<String> last = deltas.get(j);
            int aStart = Math.max(0, first.getSource().getPosition() - CONTEXT);
            int aEnd = Math.min(a.size(), end(last) + CONTEXT);
            int bStart = first.getTarget().getPosition() - (first.getSource().getPosition() - aStart);
            int bEnd = last.getTarget().getPosition() + last.getTarget().size() + (aEnd - end(last));
            out.append("@@ -").append(range(aStart, aEnd - aStart)).append(" +").append(range(bStart, bEnd - bStart))
                    .append(" @@\n");
            int aPos = aStart;
            for (int k = i; k <= j; k++) {
                AbstractDelta<String> delta = deltas.get(k);
                for (; aPos < delta.getSource().getPosition(); aPos++) {
                    line(out, ' ', a.get(aPos));
                }
                for (String removed : delta.getSource().getLines()) {
                    line(out, '-', removed);
                }
                for (String added : delta.getTarget().getLines()) {
                    line(out, '+', added);
                }
                aPos = end(delta);
            }
            for (; aPos < aEnd; aPos++) {
                line(out, ' ', a.get(aPos));
            }
            i = j + 1;
        }
    }

    private static int end(AbstractDelta<String> delta) {
        return delta.getSource().getPosition() + delta.getSource().size();
    }

    private static void line(StringBuilder out, char kind, String line) {
        out.append(kind);
        if (line.endsWith("\n")) {
            out.append(line);
        } else {
            out.append(line).append('\n').append(NO_NEWLINE).append('\n');
        }
    }

    /** "start,count" with git's conventions: a zero-length range names the line before it. */
    private static String range(int start, int count) {
        if (count == 0) {
            return start + ",0";
        }
        return count == 1 ? String.valueOf(start + 1) : (start + 1) + "," + count;
    }

    static String gitMode(int mode) {
        return "100" + String.format("%03o", mode & 0777);
    }
}
