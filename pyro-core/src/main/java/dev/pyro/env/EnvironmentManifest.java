package dev.pyro.env;

import java.util.List;

/**
 * What a pulled environment is, written last by {@code pyro env pull} (its presence is what
 * "installed" means): the Debian release and packages, a digest of the file tree (paths,
 * types, modes, sizes and link targets), its size, and when and from where it was built.
 */
public record EnvironmentManifest(
        String name,
        String catalogVersion,
        String suite,
        String variant,
        String debianVersion,
        String mirror,
        List<String> packages,
        int packageCount,
        String contentDigest,
        long sizeBytes,
        long fileCount,
        String createdAt,
        long pullSeconds) {

    public EnvironmentManifest {
        packages = List.copyOf(packages);
    }
}
