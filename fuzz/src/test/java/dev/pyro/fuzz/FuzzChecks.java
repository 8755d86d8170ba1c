package dev.pyro.fuzz;

/** Invariants the fuzz targets share. A violation is thrown as an error, which Jazzer reports as a finding. */
final class FuzzChecks {
    private FuzzChecks() {
    }

    /** A path a parser let through must be relative and never climb out of its root. */
    static void insideRoot(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.indexOf('\0') >= 0) {
            throw new AssertionError("parser let through an unusable path: '" + path + "'");
        }
        for (String part : path.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new AssertionError("parser let through a path that is not clean: '" + path + "'");
            }
        }
    }
}
