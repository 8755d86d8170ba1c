package dev.pyro.workspace;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns raw terminal output into the text a person would see: escape sequences (colours,
 * titles, modes) removed; carriage returns, backspaces and line erases applied, so a progress
 * bar redrawn in place leaves only its last state; line ends normalised to {@code \n}.
 */
public final class TerminalText {
    private static final char ESC = 0x1b;
    private static final char BEL = 0x07;

    private TerminalText() {
    }

    public static String plain(String raw) {
        Screen screen = new Screen();
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == ESC) {
                int end = sequenceEnd(raw, i);
                if (end < 0) {
                    break;
                }
                if (raw.charAt(i + 1) == '[') {
                    screen.control(raw.charAt(end - 1), raw.substring(i + 2, end - 1));
                }
                i = end;
                continue;
            }
            switch (c) {
                case '\n' -> screen.newline();
                case '\r' -> screen.carriageReturn();
                case '\b' -> screen.back(1);
                case '\t' -> screen.put('\t');
                default -> {
                    if (c >= 0x20 && c != 0x7f) {
                        screen.put(c);
                    }
                }
            }
            i++;
        }
        return screen.text();
    }

    /**
     * Where {@code raw} would be cut so that it does not end inside an escape sequence: the
     * start of an unfinished one at its end, else its length. A reader that stops there
     * gets the whole sequence with its next read.
     */
    public static int completeEnd(String raw) {
        int last = raw.lastIndexOf(ESC);
        if (last < 0) {
            return raw.length();
        }
        // The ESC of an OSC's terminator (ESC \) belongs to a sequence that began earlier.
        int start = last > 0 && last + 1 < raw.length() && raw.charAt(last + 1) == '\\' ? raw.lastIndexOf(ESC, last - 1) : last;
        return start >= 0 && sequenceEnd(raw, start) < 0 ? start : raw.length();
    }

    /** The index after the escape sequence at {@code start}, or -1 when it is unfinished. */
    private static int sequenceEnd(String raw, int start) {
        if (start + 1 >= raw.length()) {
            return -1;
        }
        char kind = raw.charAt(start + 1);
        if (kind == '[') {
            for (int i = start + 2; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c >= 0x40 && c <= 0x7e) {
                    return i + 1;
                }
            }
            return -1;
        }
        if (kind == ']' || kind == 'P' || kind == '_' || kind == '^') {
            for (int i = start + 2; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == BEL) {
                    return i + 1;
                }
                if (c == ESC && i + 1 < raw.length() && raw.charAt(i + 1) == '\\') {
                    return i + 2;
                }
            }
            return -1;
        }
        if (kind == '(' || kind == ')' || kind == '*' || kind == '+' || kind == '#') {
            return start + 2 < raw.length() ? start + 3 : -1;
        }
        return start + 2;
    }

    /** Lines with a cursor: enough of a terminal to replay redraws within one read. */
    private static final class Screen {
        private final List<StringBuilder> lines = new ArrayList<>(List.of(new StringBuilder()));
        private int row;
        private int col;

        void put(char c) {
            StringBuilder line = lines.get(row);
            while (line.length() < col) {
                line.append(' ');
            }
            if (col < line.length()) {
                line.setCharAt(col, c);
            } else {
                line.append(c);
            }
            col++;
        }

        void newline() {
            row++;
            if (row == lines.size()) {
                lines.add(new StringBuilder());
            }
            col = 0;
        }

        void carriageReturn() {
            col = 0;
        }

        void back(int n) {
            col = Math.max(0, col - n);
        }

        /** The CSI sequences that move the cursor or erase; the rest (colours, modes) vanish. */
        void control(char command, String params) {
            int n = firstNumber(params, 1);
            StringBuilder line = lines.get(row);
            switch (command) {
                case 'K' -> {
                    int mode = firstNumber(params, 0);
                    if (mode == 0) {
                        line.setLength(Math.min(line.length(), col));
                    } else if (mode == 2) {
                        line.setLength(0);
                    } else {
                        for (int i = 0; i < Math.min(col, line.length()); i++) {
                            line.setCharAt(i, ' ');
                        }
                    }
                }
                case 'G' -> col = Math.max(0, n - 1);
                case 'C' -> col += n;
                case 'D' -> back(n);
                case 'A', 'F' -> {
                    row = Math.max(0, row - n);
                    if (command == 'F') {
                        col = 0;
                    }
                }
                case 'B', 'E' -> {
                    for (int i = 0; i < n; i++) {
                        int keep = col;
                        newline();
                        col = command == 'E' ? 0 : keep;
                    }
                }
                case 'J' -> {
                    if (firstNumber(params, 0) == 0) {
                        line.setLength(Math.min(line.length(), col));
                        while (lines.size() > row + 1) {
                            lines.remove(lines.size() - 1);
                        }
                    }
                }
                default -> {
                    // Colours, modes and the like carry no text.
                }
            }
        }

        private static int firstNumber(String params, int fallback) {
            int end = 0;
            while (end < params.length() && Character.isDigit(params.charAt(end))) {
                end++;
            }
            if (end == 0 || end > 6) {
                return fallback;
            }
            return Integer.parseInt(params, 0, end, 10);
        }

        String text() {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < lines.size(); i++) {
                if (i > 0) {
                    out.append('\n');
                }
                out.append(lines.get(i).toString().stripTrailing());
            }
            return out.toString();
        }
    }
}
