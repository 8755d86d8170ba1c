package dev.pyro.runtime.limits;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The cgroup hierarchies this process sees (/proc/self/mountinfo) and its place in them. */
record CgroupMounts(List<Mount> mounts, List<Membership> memberships) {

    record Mount(Path mountPoint, String root, boolean v2, List<String> controllers) {
    }

    /** A line of /proc/self/cgroup: hierarchy controllers (empty for v2) and path. */
    record Membership(List<String> controllers, String path) {
    }

    static CgroupMounts read() {
        try {
            return parse(Files.readAllLines(Path.of("/proc/self/mountinfo")),
                    Files.readAllLines(Path.of("/proc/self/cgroup")));
        } catch (IOException e) {
            return new CgroupMounts(List.of(), List.of());
        }
    }

    static CgroupMounts parse(List<String> mountinfo, List<String> cgroupLines) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : mountinfo) {
            String[] halves = line.split(" - ", 2);
            if (halves.length != 2) {
                continue;
            }
            String[] left = halves[0].split(" ");
            String[] right = halves[1].split(" ");
            if (left.length < 5 || right.length < 3) {
                continue;
            }
            String type = right[0];
            if (type.equals("cgroup2")) {
                mounts.add(new Mount(Path.of(unescape(left[4])), left[3], true, List.of()));
            } else if (type.equals("cgroup")) {
                mounts.add(new Mount(Path.of(unescape(left[4])), left[3], false, List.of(right[2].split(","))));
            }
        }
        List<Membership> memberships = new ArrayList<>();
        for (String line : cgroupLines) {
            String[] parts = line.split(":", 3);
            if (parts.length == 3) {
                memberships.add(new Membership(parts[1].isEmpty() ? List.of() : List.of(parts[1].split(",")), parts[2]));
            }
        }
        return new CgroupMounts(mounts, memberships);
    }

    Optional<Mount> v1Mount(String controller) {
        return mounts.stream().filter(m -> !m.v2() && m.controllers().contains(controller)).findFirst();
    }

    Optional<Mount> v2Mount() {
        return mounts.stream().filter(Mount::v2).findFirst();
    }

    /** The directory of this process's own cgroup in a v1 controller's hierarchy. */
    Optional<Path> ownV1Dir(String controller) {
        Optional<Mount> mount = v1Mount(controller);
        Optional<Membership> membership = memberships.stream()
                .filter(m -> m.controllers().contains(controller))
                .findFirst();
        if (mount.isEmpty() || membership.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(under(mount.get(), membership.get().path()));
    }

    /** The directory of this process's own cgroup in the v2 hierarchy. */
    Optional<Path> ownV2Dir() {
        Optional<Mount> mount = v2Mount();
        Optional<Membership> membership = memberships.stream().filter(m -> m.controllers().isEmpty()).findFirst();
        if (mount.isEmpty() || membership.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(under(mount.get(), membership.get().path()));
    }

    private static Path under(Mount mount, String cgroupPath) {
        String relative = cgroupPath;
        if (!mount.root().equals("/") && relative.startsWith(mount.root())) {
            relative = relative.substring(mount.root().length());
        }
        relative = relative.replaceFirst("^/+", "");
        return relative.isEmpty() ? mount.mountPoint() : mount.mountPoint().resolve(relative);
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    private static String unescape(String field) {
        return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
