package dev.pyro.workspace;

import dev.pyro.PyroException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Turns what a user or a model typed into a workspace: an exact id, an exact name, or a
 * unique id prefix (4+ characters). When nothing matches, the error names the closest
 * workspaces, because models invent ids and should recover in one step.
 */
final class WorkspaceResolver {
    private static final int MIN_PREFIX = 4;
    private static final int SUGGESTIONS = 3;

    private WorkspaceResolver() {
    }

    static WorkspaceRecord resolve(String reference, List<WorkspaceRecord> all) {
        if (reference == null || reference.isBlank()) {
            throw PyroException.invalidArgument("no workspace given; pass a workspace id or name");
        }
        String ref = reference.trim();
        for (WorkspaceRecord record : all) {
            if (record.workspaceId().equals(ref)) {
                return record;
            }
        }
        List<WorkspaceRecord> byName = all.stream().filter(r -> ref.equals(r.name())).toList();
        if (byName.size() == 1) {
            return byName.get(0);
        }
        if (ref.length() >= MIN_PREFIX) {
            List<WorkspaceRecord> byPrefix = all.stream().filter(r -> r.workspaceId().startsWith(ref)).toList();
            if (byPrefix.size() == 1) {
                return byPrefix.get(0);
            }
            if (byPrefix.size() > 1) {
                throw new PyroException("workspace_ambiguous", "'" + ref + "' matches several workspaces: "
                        + describe(byPrefix), "use the full workspace id");
            }
        }
        String known = all.isEmpty() ? "there are no workspaces"
                : "closest: " + describe(closest(ref, all));
        throw new PyroException("workspace_not_found", "no workspace '" + ref + "'; " + known,
                all.isEmpty() ? "create one with 'pyro workspace create'" : "run 'pyro workspace list' to see them all");
    }

    private static List<WorkspaceRecord> closest(String ref, List<WorkspaceRecord> all) {
        String needle = ref.toLowerCase(Locale.ROOT);
        return all.stream()
                .sorted(Comparator.comparingInt((WorkspaceRecord r) -> distance(needle, r))
                        .thenComparing(WorkspaceRecord::lastActivityAt, Comparator.reverseOrder()))
                .limit(SUGGESTIONS)
                .toList();
    }

    private static int distance(String needle, WorkspaceRecord record) {
        int best = levenshtein(needle, record.workspaceId());
        if (record.name() != null) {
            best = Math.min(best, levenshtein(needle, record.name().toLowerCase(Locale.ROOT)));
        }
        return best;
    }

    static String describe(List<WorkspaceRecord> records) {
        return records.stream()
                .map(r -> r.workspaceId() + (r.name() == null ? "" : " (" + r.name() + ")"))
                .collect(Collectors.joining(", "));
    }

    static int levenshtein(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
