package dev.pyro.env;

import java.util.List;

/** How a Debian environment is built: the suite, mmdebstrap's variant, and the packages on top. */
public record DebianSpec(String name, String description, String suite, String variant, List<String> packages) {

    public DebianSpec {
        packages = List.copyOf(packages);
    }

    /** Its directory in the environment cache, e.g. {@code debian-12-base}. */
    public String directoryName() {
        return name.replace(':', '-');
    }
}
