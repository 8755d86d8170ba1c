package dev.pyro.workspace.diff;

import dev.pyro.protocol.Fields;

/**
 * One entry of a tree manifest: relative path, type ({@code file}, {@code directory},
 * {@code symlink}, {@code other}), permission bits, and for files size and SHA-256, for
 * links the target. The agent produces them for live trees; {@link Manifests} for archives.
 */
public record ManifestEntry(String path, String type, int mode, long size, String sha256, String target) {

    public static ManifestEntry fromAgent(Fields fields) {
        return new ManifestEntry(fields.string("path"), fields.string("type"), (int) fields.longValue("mode", 0),
                fields.longValue("size", 0), fields.string("sha256", null), fields.string("target", null));
    }

    public boolean isFile() {
        return type.equals("file");
    }
}
