package dev.pyro.tools;

/** The text rendering of a command's result: its output, then one line of facts. */
final class CommandText {
    private CommandText() {
    }

    static String render(String stdout, String stderr, String facts, boolean truncated, String whereTheRestIs) {
        StringBuilder text = new StringBuilder();
        if (!stdout.isEmpty()) {
            text.append(stdout);
            if (!stdout.endsWith("\n")) {
                text.append('\n');
            }
        }
        if (!stderr.isEmpty()) {
            text.append("[stderr]\n").append(stderr);
            if (!stderr.endsWith("\n")) {
                text.append('\n');
            }
        }
        text.append('[').append(facts).append(']');
        if (truncated) {
            text.append("\n[output truncated: head and tail kept; ").append(whereTheRestIs).append(']');
        }
        return text.toString();
    }
}
