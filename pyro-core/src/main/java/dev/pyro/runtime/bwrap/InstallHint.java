package dev.pyro.runtime.bwrap;

import dev.pyro.runtime.HostSystem;

/** The one command that installs a system package on this host, as far as we can tell. */
public final class InstallHint {
    private InstallHint() {
    }

    public static String forPackage(String debianName, String fedoraName) {
        String sudo = HostSystem.currentUid() == 0 ? "" : "sudo ";
        if (HostSystem.findExecutable("apt-get") != null) {
            return sudo + "apt-get install -y " + debianName;
        }
        if (HostSystem.findExecutable("dnf") != null) {
            return sudo + "dnf install -y " + fedoraName;
        }
        if (HostSystem.findExecutable("pacman") != null) {
            return sudo + "pacman -S --noconfirm " + fedoraName;
        }
        if (HostSystem.findExecutable("zypper") != null) {
            return sudo + "zypper install -y " + fedoraName;
        }
        return "install the '" + debianName + "' package with your distribution's package manager";
    }
}
