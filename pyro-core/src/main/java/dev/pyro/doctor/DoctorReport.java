package dev.pyro.doctor;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What {@code pyro doctor} found; {@code problems} is empty when everything works. */
public record DoctorReport(
        String pyroVersion,
        String platform,
        String kernel,
        String java,
        String userNamespaces,
        Bubblewrap bubblewrap,
        Limits limits,
        Network network,
        Kvm kvm,
        RuntimeStatus runtime,
        Path pyroHome,
        Path environmentCache,
        Map<String, Boolean> capabilities,
        EnvironmentStatus environment,
        List<Problem> problems) {

    public boolean ok() {
        return problems.isEmpty();
    }

    public record Bubblewrap(String path, String version) {
    }

    public record Limits(String cgroupLayout, String mode, String description, List<String> passedOver) {
    }

    /** How sandboxes get egress (policies other than {@code off}): the helper, its version, whether it works here. */
    public record Network(String helper, String path, String version, boolean available) {
    }

    /** {@code /dev/kvm} is reported for the microVM backends to come; it is not required. */
    public record Kvm(boolean exists, boolean readable, boolean writable) {
    }

    public record RuntimeStatus(String name, String isolation, String executionMode, boolean available) {
    }

    /** With {@code --environment}: whether it is installed and a sandbox runs on it ({@code healthy}). */
    public record EnvironmentStatus(String name, boolean installed, boolean healthy, String version, String contentDigest) {
    }

    public record Problem(String problem, String fix) {
    }
}
