package dev.pyro.contract;

import dev.pyro.PyroException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The MCP tool profiles: which tools a server exposes. A profile is an exposure control, not
 * a second product: every tool behaves the same in every profile that lists it, except that
 * {@code workspace-core} leaves out the parameters marked full-only.
 */
public enum ToolProfile {
    VM_RUN("vm-run",
            "one-shot commands in throwaway sandboxes; nothing persists",
            List.of("vm_run")),
    WORKSPACE_CORE("workspace-core",
            "workspaces: create, exec, files, patch, diff, reset, export, delete",
            Names.CORE),
    WORKSPACE_FULL("workspace-full",
            "everything: core + shells, services, snapshots, stop/start, disk, sync push, vm_*, all parameters",
            concat(List.of(
                    "vm_run",
                    "vm_list_environments",
                    "vm_create",
                    "vm_start",
                    "vm_exec",
                    "vm_status",
                    "vm_network_info",
                    "vm_stop",
                    "vm_delete",
                    "vm_reap_expired"), Names.CORE, List.of(
                    "workspace_sync_push",
                    "snapshot_create",
                    "snapshot_list",
                    "snapshot_delete",
                    "workspace_stop",
                    "workspace_start",
                    "workspace_disk_list",
                    "workspace_disk_read",
                    "workspace_disk_export",
                    "shell_open",
                    "shell_read",
                    "shell_write",
                    "shell_signal",
                    "shell_close",
                    "shell_list",
                    "service_start",
                    "service_list",
                    "service_status",
                    "service_logs",
                    "service_stop")));

    public static final ToolProfile DEFAULT = WORKSPACE_CORE;

    private final String id;
    private final String purpose;
    private final List<String> tools;

    ToolProfile(String id, String purpose, List<String> tools) {
        this.id = id;
        this.purpose = purpose;
        this.tools = List.copyOf(new LinkedHashSet<>(tools));
    }

    /** The stable name used on the command line and in configs, e.g. {@code workspace-core}. */
    public String id() {
        return id;
    }

    /** One line: what the profile is for. */
    public String purpose() {
        return purpose;
    }

    /** Tool names, in the order servers list them. */
    public List<String> tools() {
        return tools;
    }

    public boolean includes(String tool) {
        return tools.contains(tool);
    }

    /** The smallest profile that has {@code tool}, if any. */
    public static Optional<ToolProfile> smallestWith(String tool) {
        return Arrays.stream(values()).filter(p -> p.includes(tool)).findFirst();
    }

    public static ToolProfile parse(String id) {
        for (ToolProfile profile : values()) {
            if (profile.id.equals(id)) {
                return profile;
            }
        }
        throw PyroException.invalidArgument("unknown profile '" + id + "'; choose one of " + ids());
    }

    public static String ids() {
        return Arrays.stream(values()).map(ToolProfile::id).collect(Collectors.joining(", "));
    }

    // Enum constants cannot read the enum's own static fields while they are being built; a
    // nested holder is initialised on first use instead.
    private static final class Names {
        static final List<String> CORE = List.of(
                "workspace_create",
                "workspace_list",
                "workspace_update",
                "workspace_status",
                "workspace_exec",
                "workspace_logs",
                "workspace_file_list",
                "workspace_file_read",
                "workspace_file_write",
                "workspace_file_edit",
                "workspace_patch_apply",
                "workspace_diff",
                "workspace_reset",
                "workspace_export",
                "workspace_summary",
                "workspace_delete");
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> part : parts) {
            all.addAll(part);
        }
        return all;
    }
}
