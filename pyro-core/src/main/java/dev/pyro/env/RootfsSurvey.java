package dev.pyro.env;

import dev.pyro.io.Digests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a built root holds: its Debian release, its installed packages (from dpkg's status
 * file), and a digest of its tree — every path with its type, mode, size and link target, in
 * order — so two pulls can be compared without hashing every byte.
 */
final class RootfsSurvey {
    private final String debianVersion;
    private final List<String> packages;
    private final String digest;
    private final long sizeBytes;
    private final long fileCount;

    private RootfsSurvey(String debianVersion, List<String> packages, String digest, long sizeBytes, long fileCount) {
        this.debianVersion = debianVersion;
        this.packages = packages;
        this.digest = digest;
        this.sizeBytes = sizeBytes;
        this.fileCount = fileCount;
    }

    static RootfsSurvey of(Path rootfs) throws IOException {
        String version = Files.readString(rootfs.resolve("etc/debian_version"), StandardCharsets.UTF_8).trim();
        List<String> packages = installedPackages(rootfs.resolve("var/lib/dpkg/status"));
        TreeMap<String, String> entries = new TreeMap<>();
        long[] totals = new long[2];
        Files.walkFileTree(rootfs, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                entries.put(rootfs.relativize(dir).toString(), describe(dir, attributes));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                entries.put(rootfs.relativize(file).toString(), describe(file, attributes));
                totals[0] += attributes.isRegularFile() ? attributes.size() : 0;
                totals[1]++;
                return FileVisitResult.CONTINUE;
            }
        });
        MessageDigest sha = Digests.sha256();
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            sha.update((entry.getKey() + "\t" + entry.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return new RootfsSurvey(version, packages, "sha256:" + HexFormat.of().formatHex(sha.digest()), totals[0], totals[1]);
    }

    EnvironmentManifest manifest(DebianSpec spec, String mirror, long pullSeconds) {
        return new EnvironmentManifest(spec.name(), EnvironmentCatalog.CATALOG_VERSION, spec.suite(), spec.variant(), debianVersion,
                mirror, packages, packages.size(), digest, sizeBytes, fileCount, EnvironmentPuller.now(), pullSeconds);
    }

    private static String describe(Path path, BasicFileAttributes attributes) throws IOException {
        Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            return "l " + mode + " " + Files.readSymbolicLink(path);
        }
        return (attributes.isDirectory() ? "d " : attributes.isRegularFile() ? "f " : "o ") + mode + " " + attributes.size();
    }

    /** {@code name=version} of every package dpkg calls installed, sorted. */
    static List<String> installedPackages(Path status) throws IOException {
        List<String> packages = new ArrayList<>();
        String name = null;
        String version = null;
        boolean installed = false;
        for (String line : (Files.readString(status, StandardCharsets.UTF_8) + "\n\n").split("\n", -1)) {
            if (line.isEmpty()) {
                if (name != null && installed) {
                    packages.add(name + "=" + version);
                }
                name = null;
                version = null;
                installed = false;
            } else if (line.startsWith("Package: ")) {
                name = line.substring(9).trim();
            } else if (line.startsWith("Version: ")) {
                version = line.substring(9).trim();
            } else if (line.startsWith("Status: ")) {
                installed = line.endsWith(" installed");
            }
        }
        packages.sort(null);
        return packages;
    }
}
