package dev.pyro.workspace;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Workspace commands run as {@code sh -lc <command>}. From an argv: one argument is taken as
 * the script itself ("make test && echo ok"); several are joined with shell quoting, so
 * argument boundaries survive ({@code sh -c 'echo a b'}).
 */
public final class ShellCommand {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ShellCommand() {
    }

    public static String fromArgv(List<String> argv) {
        if (argv.size() == 1) {
            return argv.get(0);
        }
        return argv.stream().map(ShellCommand::quote).collect(Collectors.joining(" "));
    }

    public static String quote(String word) {
        if (!word.isEmpty() && SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }
}
