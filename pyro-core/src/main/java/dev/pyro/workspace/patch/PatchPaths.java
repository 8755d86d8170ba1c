package dev.pyro.workspace.patch;

import dev.pyro.PyroException;

/** Patch file names as workspace-relative paths; nothing outside /workspace. */
final class PatchPaths {
    private static final String WORKSPACE_PREFIX = "/workspace/";

    private PatchPaths() {
    }

    static String clean(String name) {
        String path = name.startsWith(WORKSPACE_PREFIX) ? name.substring(WORKSPACE_PREFIX.length()) : name;
        if (path.startsWith("/")) {
            throw refused(name, "it is an absolute path outside /workspace");
        }
        if (path.indexOf('\0') >= 0) {
            throw refused(name.replace('\0', '?'), "it holds a NUL byte, which no file name can");
        }
        StringBuilder out = new StringBuilder();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw refused(name, "it climbs out with '..'");
            }
            if (!out.isEmpty()) {
                out.append('/');
            }
            out.append(part);
        }
        if (out.isEmpty()) {
            throw refused(name, "it names no file");
        }
        return out.toString();
    }

    private static PyroException refused(String name, String why) {
        return new PyroException("path_outside_workspace", "the patch touches '" + name + "', but " + why,
                "patch paths are relative to /workspace (a/ and b/ prefixes are fine); nothing was changed");
    }
}
