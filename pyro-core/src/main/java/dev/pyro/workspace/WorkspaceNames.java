package dev.pyro.workspace;

import dev.pyro.PyroException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The rules for workspace names, labels and snapshot names. */
public final class WorkspaceNames {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,62}");
    private static final Pattern SNAPSHOT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final int MAX_LABEL_VALUE = 256;
    public static final String BASELINE = "baseline";

    private WorkspaceNames() {
    }

    public static String checkName(String name) {
        if (name == null) {
            return null;
        }
        if (!NAME.matcher(name).matches()) {
            throw PyroException.invalidArgument("workspace name '" + name
                    + "' must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (name.matches("[0-9a-f]{12}")) {
            throw PyroException.invalidArgument("workspace name '" + name + "' looks like a workspace id; choose another");
        }
        return name;
    }

    public static String checkSnapshot(String name) {
        if (name == null || !SNAPSHOT.matcher(name).matches()) {
            throw PyroException.invalidArgument("snapshot name '" + name
                    + "' must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    /** Parses "KEY=VALUE" pairs, later ones winning. */
    public static Map<String, String> parseLabels(List<String> pairs) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : pairs) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw PyroException.invalidArgument("label '" + pair + "' must be KEY=VALUE");
            }
            labels.put(checkLabelKey(pair.substring(0, equals)), checkLabelValue(pair.substring(equals + 1)));
        }
        return labels;
    }

    public static String checkLabelKey(String key) {
        if (!LABEL_KEY.matcher(key).matches()) {
            throw PyroException.invalidArgument("label key '" + key
                    + "' must be 1-63 letters, digits, '.', '_', '/' or '-', starting with a letter or digit");
        }
        return key;
    }

    public static String checkLabelValue(String value) {
        if (value.length() > MAX_LABEL_VALUE || value.chars().anyMatch(c -> c < 0x20)) {
            throw PyroException.invalidArgument("label values must be at most " + MAX_LABEL_VALUE
                    + " characters without control characters");
        }
        return value;
    }
}
