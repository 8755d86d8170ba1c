package dev.pyro.common.tar;

import dev.pyro.common.FileModes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * Archives a file or a directory tree. Links are archived as links, never followed; sockets,
 * FIFOs and devices are skipped. Entries are named relative to {@code name} in the archive.
 */
public final class TreeArchiver {
    private TreeArchiver() {
    }

    public record Stats(int entries, long bytes) {
    }

    /** Writes {@code source} as {@code name} ("" for a directory means its contents at the top). */
    public static Stats write(Path source, String name, TarWriter writer) throws IOException {
        int[] entries = {0};
        long[] bytes = {0};
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                writer.directory(nameOf(dir), mode(dir), seconds(attributes));
                entries[0]++;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                String entryName = nameOf(file);
                if (attributes.isSymbolicLink()) {
                    writer.symlink(entryName, Files.readSymbolicLink(file).toString(), seconds(attributes));
                } else if (attributes.isRegularFile()) {
                    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                        writer.file(entryName, mode(file), seconds(attributes), attributes.size(), in);
                    }
                    bytes[0] += attributes.size();
                } else {
                    return FileVisitResult.CONTINUE;
                }
                entries[0]++;
                return FileVisitResult.CONTINUE;
            }

            private String nameOf(Path path) {
                String relative = source.relativize(path).toString();
                if (name.isEmpty()) {
                    return relative;
                }
                return relative.isEmpty() ? name : name + "/" + relative;
            }
        });
        return new Stats(entries[0], bytes[0]);
    }

    static long seconds(BasicFileAttributes attributes) {
        return attributes.lastModifiedTime().toMillis() / 1000;
    }

    static int mode(Path path) throws IOException {
        return FileModes.mode(Files.readAttributes(path, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS).permissions());
    }
}
