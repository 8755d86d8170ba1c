package dev.pyro.runtime.bwrap;

import dev.pyro.common.KernelFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** The kernel switches that decide whether unprivileged user namespaces work. */
public record UserNamespaces(Optional<Long> maxUserNamespaces,
                             Optional<Long> unprivilegedClone,
                             Optional<Long> apparmorRestrict) {

    public static UserNamespaces read() {
        return new UserNamespaces(
                sysctl("/proc/sys/user/max_user_namespaces"),
                sysctl("/proc/sys/kernel/unprivileged_userns_clone"),
                sysctl("/proc/sys/kernel/apparmor_restrict_unprivileged_userns"));
    }

    /** A one-line summary for doctor, e.g. "enabled (max 96365)". */
    public String summary() {
        if (maxUserNamespaces.orElse(1L) == 0) {
            return "disabled (user.max_user_namespaces=0)";
        }
        if (unprivilegedClone.orElse(1L) == 0) {
            return "root only (kernel.unprivileged_userns_clone=0)";
        }
        if (apparmorRestrict.orElse(0L) == 1) {
            return "restricted by AppArmor (kernel.apparmor_restrict_unprivileged_userns=1)";
        }
        return "enabled" + maxUserNamespaces.map(max -> " (max " + max + ")").orElse("");
    }

    /** The switch to flip when bubblewrap cannot create a user namespace. */
    public String fix() {
        if (maxUserNamespaces.orElse(1L) == 0) {
            return "sudo sysctl -w user.max_user_namespaces=15000";
        }
        if (unprivilegedClone.orElse(1L) == 0) {
            return "sudo sysctl -w kernel.unprivileged_userns_clone=1";
        }
        if (apparmorRestrict.orElse(0L) == 1) {
            return "allow bwrap an AppArmor userns profile (Ubuntu 24.04+: the 'bwrap-userns-restrict' profile),"
                    + " or sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0";
        }
        return "enable unprivileged user namespaces in the kernel, or run pyro as root";
    }

    private static Optional<Long> sysctl(String file) {
        try {
            return Optional.of(Long.parseLong(KernelFiles.read(Path.of(file)).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
