package dev.pyro.env;

import java.nio.file.Path;

/**
 * One catalog entry. {@code installed} says whether sandboxes can use it now; {@code rootfs} is
 * the pulled root file system ({@code null} for {@code host}, which is built from the host's own
 * {@code /usr}), with its Debian {@code version} and its {@code sizeBytes} on disk.
 */
public record Environment(String name, String description, boolean installed, Path rootfs, String version, Long sizeBytes) {

    /** Whether the sandbox's root is a pulled root file system rather than the host's {@code /usr}. */
    public boolean pulled() {
        return rootfs != null;
    }
}
