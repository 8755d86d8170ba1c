package dev.pyro.workspace.patch;

import dev.pyro.PyroException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses multi-file unified diffs, git style ("diff --git", a/ and b/ prefixes, mode lines)
 * or plain ("--- file", "+++ file"). Hunk bodies are counted exactly against their headers.
 * Renames, copies and binary patches are refused with a message saying what to do instead.
 */
public final class PatchParser {
    private static final Pattern HUNK = Pattern.compile("^@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@.*$");
    private static final String DEV_NULL = "/dev/null";

    private final String[] lines;
    private int index;

    private PatchParser(String text) {
        String normalized = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        this.lines = normalized.split("\n", -1);
    }

    public static List<FilePatch> parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid("the patch is empty");
        }
        List<FilePatch> patches = new PatchParser(text).files();
        if (patches.isEmpty()) {
            throw invalid("no file changes found; expected a unified diff with '---'/'+++' headers and '@@' hunks");
        }
        return patches;
    }

    private static final class FileBuilder {
        String gitOld;
        String gitNew;
        String oldName;
        String newName;
        boolean sawHeaders;
        Integer newMode;
        boolean added;
        boolean deleted;
        final List<FilePatch.Hunk> hunks = new ArrayList<>();
    }

    private List<FilePatch> files() {
        List<FilePatch> files = new ArrayList<>();
        FileBuilder current = null;
        while (index < lines.length) {
            String line = lines[index];
            if (line.startsWith("diff --git ")) {
                finish(current, files);
                current = new FileBuilder();
                String[] paths = gitPaths(line);
                current.gitOld = paths[0];
                current.gitNew = paths[1];
                index++;
            } else if (current != null && current.hunks.isEmpty() && !current.sawHeaders && extendedHeader(current, line)) {
                index++;
            } else if (line.startsWith("--- ") && index + 1 < lines.length && lines[index + 1].startsWith("+++ ")) {
                if (current == null || current.sawHeaders || !current.hunks.isEmpty()) {
                    finish(current, files);
                    current = new FileBuilder();
                }
                current.oldName = name(line.substring(4));
                current.newName = name(lines[index + 1].substring(4));
                current.sawHeaders = true;
                index += 2;
            } else if (line.startsWith("@@")) {
                if (current == null || (!current.sawHeaders && current.gitOld == null)) {
                    throw invalid("hunk at line " + (index + 1) + " comes before any '---'/'+++' file header");
                }
                current.hunks.add(hunk());
            } else {
                index++;
            }
        }
        finish(current, files);
        return files;
    }

    private boolean extendedHeader(FileBuilder file, String line) {
        if (line.startsWith("new file mode ")) {
            file.added = true;
            file.newMode = mode(line.substring(14));
        } else if (line.startsWith("deleted file mode ")) {
            file.deleted = true;
        } else if (line.startsWith("new mode ")) {
            file.newMode = mode(line.substring(9));
        } else if (line.startsWith("old mode ") || line.startsWith("index ")) {
            return true;
        } else if (line.startsWith("rename ") || line.startsWith("copy ") || line.startsWith("similarity index")
                || line.startsWith("dissimilarity index")) {
            throw invalid("renames and copies are not supported (line " + (index + 1)
                    + "); express them as deleting the old file and adding the new one");
        } else if (line.startsWith("Binary files ") || line.startsWith("GIT binary patch")) {
            throw invalid("binary patches are not supported (line " + (index + 1) + "); write binary files with file write");
        } else {
            return false;
        }
        return true;
    }

    private int lineNumber(String digits, String header) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw invalid("hunk header at line " + (index + 1) + " has a line number or count too large to be real: "
                    + (header.length() > 80 ? header.substring(0, 80) + "..." : header));
        }
    }

    private FilePatch.Hunk hunk() {
        String header = lines[index];
        Matcher m = HUNK.matcher(header);
        if (!m.matches()) {
            throw invalid("malformed hunk header at line " + (index + 1) + ": " + header);
        }
        int oldStart = lineNumber(m.group(1), header);
        int oldCount = m.group(2) == null ? 1 : lineNumber(m.group(2), header);
        int newStart = lineNumber(m.group(3), header);
        int newCount = m.group(4) == null ? 1 : lineNumber(m.group(4), header);
        index++;
        List<FilePatch.Line> body = new ArrayList<>();
        int oldLeft = oldCount;
        int newLeft = newCount;
        while (oldLeft > 0 || newLeft > 0) {
            if (index >= lines.length) {
                throw invalid("hunk '" + header + "' ends early: " + oldLeft + " old and " + newLeft
                        + " new lines missing (are the counts in its header right?)");
            }
            String line = lines[index];
            char kind = line.isEmpty() ? ' ' : line.charAt(0);
            String text = line.isEmpty() ? "\n" : line.substring(1) + "\n";
            switch (kind) {
                case ' ' -> {
                    oldLeft--;
                    newLeft--;
                }
                case '-' -> oldLeft--;
                case '+' -> newLeft--;
                case '\\' -> {
                    noNewline(body, header);
                    index++;
                    continue;
                }
                default -> throw invalid("line " + (index + 1) + " in hunk '" + header
                        + "' starts with '" + kind + "'; hunk lines start with ' ', '-' or '+'");
            }
            if (oldLeft < 0 || newLeft < 0) {
                throw invalid("hunk '" + header + "' has more lines than its header counts");
            }
            body.add(new FilePatch.Line(kind, text));
            index++;
        }
        if (index < lines.length && lines[index].startsWith("\\")) {
            noNewline(body, header);
            index++;
        }
        return new FilePatch.Hunk(oldStart, oldCount, newStart, newCount, header, body);
    }

    private void noNewline(List<FilePatch.Line> body, String header) {
        if (body.isEmpty()) {
            throw invalid("'\\ No newline at end of file' with no line before it in hunk '" + header + "'");
        }
        FilePatch.Line last = body.get(body.size() - 1);
        if (!last.text().endsWith("\n")) {
            throw invalid("two '\\ No newline at end of file' markers for one line in hunk '" + header + "'");
        }
        body.remove(body.size() - 1);
        body.add(new FilePatch.Line(last.kind(), last.text().substring(0, last.text().length() - 1)));
    }

    private static void finish(FileBuilder file, List<FilePatch> files) {
        if (file == null) {
            return;
        }
        boolean git = file.gitOld != null;
        String oldName = file.sawHeaders ? file.oldName : (file.added ? DEV_NULL : file.gitOld);
        String newName = file.sawHeaders ? file.newName : (file.deleted ? DEV_NULL : file.gitNew);
        if (oldName == null || newName == null) {
            return;
        }
        boolean stripPrefixes = git || (oldName.startsWith("a/") || oldName.equals(DEV_NULL))
                && (newName.startsWith("b/") || newName.equals(DEV_NULL)) && !(oldName.equals(DEV_NULL) && newName.equals(DEV_NULL));
        String oldPath = oldName.equals(DEV_NULL) ? null : PatchPaths.clean(stripPrefixes ? strip(oldName) : oldName);
        String newPath = newName.equals(DEV_NULL) ? null : PatchPaths.clean(stripPrefixes ? strip(newName) : newName);
        if (oldPath == null && newPath == null) {
            throw invalid("a file section has /dev/null on both sides");
        }
        if (oldPath != null && newPath != null && !oldPath.equals(newPath)) {
            throw invalid("the patch renames '" + oldPath + "' to '" + newPath
                    + "'; renames are not supported: delete the old file and add the new one");
        }
        FilePatch.Kind kind = oldPath == null ? FilePatch.Kind.ADD : newPath == null ? FilePatch.Kind.DELETE : FilePatch.Kind.MODIFY;
        if (file.hunks.isEmpty() && kind == FilePatch.Kind.MODIFY && file.newMode == null) {
            return;
        }
        files.add(new FilePatch(oldPath != null ? oldPath : newPath, kind, file.newMode, List.copyOf(file.hunks)));
    }

    private static String strip(String name) {
        return name.startsWith("a/") || name.startsWith("b/") ? name.substring(2) : name;
    }

    /** "--- a/file\t2024-01-01 ..." → "a/file"; C-quoted names are unquoted. */
    private static String name(String raw) {
        String value = raw;
        if (value.startsWith("\"")) {
            return unquote(value);
        }
        int tab = value.indexOf('\t');
        if (tab >= 0) {
            value = value.substring(0, tab);
        }
        return value.strip();
    }

    private static String[] gitPaths(String line) {
        String rest = line.substring("diff --git ".length());
        if (rest.startsWith("\"")) {
            int end = closingQuote(rest);
            String first = unquote(rest.substring(0, end + 1));
            return new String[] {first, name(rest.substring(end + 1).strip())};
        }
        int split = rest.lastIndexOf(" b/");
        if (split < 0) {
            throw invalid("cannot read the file names in '" + line + "'");
        }
        return new String[] {rest.substring(0, split), rest.substring(split + 1)};
    }

    private static int closingQuote(String s) {
        for (int i = 1; i < s.length(); i++) {
            if (s.charAt(i) == '\\') {
                i++;
            } else if (s.charAt(i) == '"') {
                return i;
            }
        }
        throw invalid("unterminated quoted file name: " + s);
    }

    private static String unquote(String quoted) {
        int end = closingQuote(quoted);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int i = 1; i < end; i++) {
            char c = quoted.charAt(i);
            if (c != '\\') {
                bytes.writeBytes(String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                continue;
            }
            char e = quoted.charAt(++i);
            switch (e) {
                case 'n' -> bytes.write('\n');
                case 't' -> bytes.write('\t');
                case '"' -> bytes.write('"');
                case '\\' -> bytes.write('\\');
                default -> {
                    if (e >= '0' && e <= '7') {
                        bytes.write(octalByte(quoted, i, end));
                        i += 2;
                    } else {
                        bytes.write(e);
                    }
                }
            }
        }
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Git writes a byte of a quoted name as exactly three octal digits, e.g. \303. */
    private static int octalByte(String quoted, int at, int end) {
        String digits = at + 3 <= end ? quoted.substring(at, at + 3) : quoted.substring(at, end);
        if (!digits.matches("[0-3][0-7]{2}")) {
            throw invalid("bad octal escape '\\" + digits + "' in the quoted file name " + quoted);
        }
        return Integer.parseInt(digits, 8);
    }

    private static int mode(String text) {
        try {
            return Integer.parseInt(text.strip(), 8) & 0777;
        } catch (NumberFormatException e) {
            throw invalid("bad file mode '" + text + "'");
        }
    }

    static PyroException invalid(String message) {
        return new PyroException("patch_invalid", "cannot read the patch: " + message,
                "send a unified diff (git diff or diff -u output); nothing was changed");
    }
}
