package dev.pyro.common.tar;

import java.util.ArrayDeque;
import java.util.Deque;

/** The rules that keep archive members and link targets inside the extraction root. */
public final class TarPaths {
    private static final int MAX_PATH_BYTES = 4096;

    private TarPaths() {
    }

    /**
     * The member name as a clean relative path ("a/b"), or a {@link TarException} when it is
     * absolute, climbs with "..", is empty, or holds a NUL. "./" prefixes and "." parts are
     * dropped; "" means the root itself.
     */
    public static String safeRelative(String name) throws TarException {
        if (name.indexOf('\0') >= 0) {
            throw new TarException("archive member name contains a NUL byte");
        }
        if (name.length() > MAX_PATH_BYTES) {
            throw new TarException("archive member name longer than " + MAX_PATH_BYTES + " characters");
        }
        if (name.startsWith("/")) {
            throw new TarException("archive member '" + name + "' has an absolute path");
        }
        StringBuilder out = new StringBuilder();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new TarException("archive member '" + name + "' climbs out with '..'");
            }
            if (!out.isEmpty()) {
                out.append('/');
            }
            out.append(part);
        }
        return out.toString();
    }

    /**
     * Checks that a symbolic link at {@code linkPath} (relative to the root) pointing at {@code
     * target} resolves inside the root: no absolute targets, and ".." may not climb above it.
     */
    public static void checkLinkTarget(String linkPath, String target) throws TarException {
        if (target.isEmpty() || target.indexOf('\0') >= 0) {
            throw new TarException("link '" + linkPath + "' has an empty or invalid target");
        }
        if (target.startsWith("/")) {
            throw new TarException("link '" + linkPath + "' points outside the workspace (absolute target '" + target + "')");
        }
        Deque<String> parts = new ArrayDeque<>();
        String[] linkParts = linkPath.split("/");
        for (int i = 0; i < linkParts.length - 1; i++) {
            parts.addLast(linkParts[i]);
        }
        for (String part : target.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new TarException("link '" + linkPath + "' points outside the workspace ('" + target + "')");
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
    }
}
