package dev.pyro.common.tar;

import java.util.HashSet;
import java.util.Set;

/**
 * What an archive may contain, checked member by member in archive order: regular files,
 * directories, and links that stay inside the root; nothing that passes through a link the
 * same archive declared earlier; no device nodes, FIFOs or sockets.
 */
public final class ArchivePolicy {
    private final Set<String> links = new HashSet<>();
    private final Set<String> files = new HashSet<>();

    public void admit(TarEntry entry) throws TarException {
        String path = entry.path();
        for (String link : links) {
            if (path.startsWith(link + "/")) {
                throw new TarException("archive member '" + path + "' goes through the link '" + link + "'");
            }
        }
        switch (entry.type()) {
            case FILE -> files.add(path);
            case DIRECTORY -> {
                if (links.contains(path)) {
                    throw new TarException("archive member '" + path + "' replaces a link with a directory");
                }
            }
            case SYMLINK -> {
                if (path.isEmpty()) {
                    throw new TarException("the archive root cannot be a link");
                }
                TarPaths.checkLinkTarget(path, entry.linkTarget());
                links.add(path);
            }
            case HARDLINK -> {
                String target = TarPaths.safeRelative(entry.linkTarget());
                if (!files.contains(target)) {
                    throw new TarException("hard link '" + path + "' must point at a regular file earlier in the archive, not '"
                            + entry.linkTarget() + "'");
                }
                files.add(path);
            }
            case OTHER -> throw new TarException("archive member '" + path
                    + "' is a device node, FIFO or socket; only files, directories and links are allowed");
            default -> throw new TarException("unsupported archive member '" + path + "'");
        }
        if (path.isEmpty() && entry.type() != TarEntry.Type.DIRECTORY) {
            throw new TarException("archive member with an empty name");
        }
    }
}
