package dev.pyro.common;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** Octal modes to permission sets: rwx bits only (no setuid, setgid or sticky bits). */
public final class FileModes {
    private static final PosixFilePermission[] BY_BIT = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

    private FileModes() {
    }

    /** The owner always keeps read and write (and search on directories). */
    public static Set<PosixFilePermission> of(int mode, boolean directory) {
        int effective = (mode & 0777) | 0600 | (directory ? 0100 : 0);
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BY_BIT.length; bit++) {
            if ((effective & (1 << bit)) != 0) {
                permissions.add(BY_BIT[bit]);
            }
        }
        return permissions;
    }

    /** The octal mode of a permission set. */
    public static int mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (int bit = 0; bit < BY_BIT.length; bit++) {
            if (permissions.contains(BY_BIT[bit])) {
                mode |= 1 << bit;
            }
        }
        return mode;
    }
}
