package dev.pyro.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Error fixes name CLI commands ({@code 'pyro workspace logs ID'}); a model calling tools is
 * told the tool instead ({@code workspace_logs}). Commands without a tool stay as they are.
 */
final class CliHintsForTools {
    private static final Pattern COMMAND = Pattern.compile("'pyro ((?:[a-z]+ ?)+)([^']*)'");
    private static final Map<String, String> SPECIAL = Map.of("run", "vm_run", "env list", "vm_list_environments");

    private CliHintsForTools() {
    }

    static String translate(String text) {
        if (text == null) {
            return null;
        }
        Matcher matcher = COMMAND.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String tool = toolFor(matcher.group(1).trim());
            matcher.appendReplacement(out, Matcher.quoteReplacement(tool == null ? matcher.group() : tool));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String toolFor(String command) {
        if (SPECIAL.containsKey(command)) {
            return SPECIAL.get(command);
        }
        String[] words = command.split(" ");
        for (int end = words.length; end > 0; end--) {
            List<String> candidates = new ArrayList<>();
            String joined = String.join("_", List.of(words).subList(0, end));
            candidates.add(joined);
            if (joined.startsWith("workspace_")) {
                candidates.add(joined.substring("workspace_".length()));
            }
            for (String candidate : candidates) {
                if (ToolCatalog.find(candidate).isPresent()) {
                    return candidate;
                }
            }
        }
        return null;
    }
}
