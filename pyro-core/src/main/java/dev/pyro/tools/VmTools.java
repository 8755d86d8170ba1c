package dev.pyro.tools;

import dev.pyro.contract.Contract;
import dev.pyro.vm.VmRecord;
import dev.pyro.vm.Vms;
import java.util.List;
import java.util.Map;

/** Standalone sandboxes, step by step: the lifecycle under vm_run, for callers that manage it themselves. */
final class VmTools {
    private static final ToolParam VM = ToolParam.string("vm_id", "VM id from vm_create.").required();
    private static final Map<String, Object> VM_SCHEMA = OutputSchema.object()
            .string("vm_id", "state", "environment", "expires_at").integer("vcpu_count", "mem_mib").build();

    private VmTools() {
    }

    static List<PyroTool> all() {
        return List.of(create(), start(), exec(), status(), networkInfo(), stop(), delete(), reap());
    }

    private static PyroTool create() {
        return new PyroTool("vm_create", "Create a standalone sandbox (not started) that expires after ttl_seconds.",
                ToolHints.ADDITIVE,
                List.of(Params.ENVIRONMENT, Params.VCPUS, Params.MEMORY,
                        ToolParam.integer("ttl_seconds", "Expire after this long.", Contract.DEFAULT_VM_TTL_SECONDS, 1,
                                Long.MAX_VALUE), Params.NETWORK),
                VM_SCHEMA,
                (pyro, args) -> vm(pyro.vms().create(args.string("environment"), args.intValue("vcpu_count"),
                        args.intValue("mem_mib"), args.integer("ttl_seconds"), args.bool("network")), "Created"));
    }

    private static PyroTool start() {
        return new PyroTool("vm_start", "Start a created or stopped standalone sandbox.", ToolHints.OVERWRITES,
                List.of(VM), VM_SCHEMA, (pyro, args) -> vm(pyro.vms().start(args.string("vm_id")), "Started"));
    }

    private static PyroTool exec() {
        return new PyroTool("vm_exec", "Run one shell command (sh -lc) in a standalone sandbox, then delete the sandbox.",
                ToolHints.MUTATES,
                List.of(VM, ToolParam.string("command", "Shell command.").required(), Params.TIMEOUT, Params.MAX_OUTPUT),
                OutputSchema.object().string("vm_id").integer("exit_code", "duration_ms").bool("timed_out")
                        .string("stdout", "stderr").bool("stdout_truncated", "stderr_truncated", "vm_deleted").build(),
                (pyro, args) -> {
                    Vms.Exec result = pyro.vms().exec(args.string("vm_id"), args.string("command"),
                            args.intValue("timeout_seconds"), args.intValue("max_output_bytes"));
                    String facts = "exit_code=" + result.exitCode() + (result.timedOut() ? " timed_out" : "")
                            + " duration_ms=" + result.durationMs() + " vm deleted";
                    return ToolOutput.of(result, CommandText.render(result.stdout(), result.stderr(), facts,
                            result.stdoutTruncated() || result.stderrTruncated(), "run again with a larger max_output_bytes"));
                });
    }

    private static PyroTool status() {
        return new PyroTool("vm_status", "Show a standalone sandbox's state, resources and expiry.", ToolHints.READ_ONLY,
                List.of(VM), VM_SCHEMA, (pyro, args) -> vm(pyro.vms().status(args.string("vm_id")), "VM"));
    }

    private static PyroTool networkInfo() {
        return new PyroTool("vm_network_info", "Show a standalone sandbox's network: interfaces and whether it has egress.",
                ToolHints.READ_ONLY, List.of(VM),
                OutputSchema.object().string("vm_id").bool("network_enabled").array("interfaces").build(),
                (pyro, args) -> {
                    Vms.NetworkInfo info = pyro.vms().networkInfo(args.string("vm_id"));
                    return ToolOutput.of(info, "VM " + info.vmId() + ": network " + (info.networkEnabled() ? "on" : "off")
                            + ", interfaces " + String.join(", ", info.interfaces()));
                });
    }

    private static PyroTool stop() {
        return new PyroTool("vm_stop", "Stop a standalone sandbox; vm_start brings it back.", ToolHints.OVERWRITES,
                List.of(VM), VM_SCHEMA, (pyro, args) -> vm(pyro.vms().stop(args.string("vm_id")), "Stopped"));
    }

    private static PyroTool delete() {
        return new PyroTool("vm_delete", "Delete a standalone sandbox and everything in it.", ToolHints.OVERWRITES,
                List.of(VM), OutputSchema.object().string("vm_id").bool("deleted").build(),
                (pyro, args) -> {
                    Vms.Deleted deleted = pyro.vms().delete(args.string("vm_id"));
                    return ToolOutput.of(deleted, "Deleted VM " + deleted.vmId());
                });
    }

    private static PyroTool reap() {
        return new PyroTool("vm_reap_expired", "Delete every standalone sandbox past its expiry.", ToolHints.OVERWRITES,
                List.of(), OutputSchema.object().integer("count").array("deleted").build(),
                (pyro, args) -> {
                    Vms.Reaped reaped = pyro.vms().reapExpired();
                    return ToolOutput.of(reaped, "Deleted " + reaped.count() + " expired VM(s)"
                            + (reaped.deleted().isEmpty() ? "" : ": " + String.join(", ", reaped.deleted())));
                });
    }

    private static ToolOutput vm(VmRecord record, String verb) {
        return ToolOutput.of(record, verb + " " + record.vmId() + " state=" + record.state() + " environment="
                + record.environment() + " expires_at=" + record.expiresAt());
    }
}
