package dev.pyro.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads /proc, /sys and cgroup files. They report a size of 0 or 4096, and {@code
 * Files.readString} trusts that size: on /proc/sys it returns only the first byte. These
 * helpers read to end of file instead.
 */
public final class KernelFiles {
    private KernelFiles() {
    }

    public static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
