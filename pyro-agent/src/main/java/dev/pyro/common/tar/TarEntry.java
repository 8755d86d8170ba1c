package dev.pyro.common.tar;

/**
 * One archive member. {@code path} is relative, '/'-separated and already validated by
 * {@link TarPaths#safeRelative}; directories carry no trailing slash.
 */
public record TarEntry(String path, Type type, int mode, long size, long mtimeSeconds, String linkTarget) {

    public enum Type { FILE, DIRECTORY, SYMLINK, HARDLINK, OTHER }

    public static TarEntry file(String path, int mode, long size, long mtimeSeconds) {
        return new TarEntry(path, Type.FILE, mode, size, mtimeSeconds, "");
    }

    public static TarEntry directory(String path, int mode, long mtimeSeconds) {
        return new TarEntry(path, Type.DIRECTORY, mode, 0, mtimeSeconds, "");
    }

    public static TarEntry symlink(String path, String target, long mtimeSeconds) {
        return new TarEntry(path, Type.SYMLINK, 0777, 0, mtimeSeconds, target);
    }
}
