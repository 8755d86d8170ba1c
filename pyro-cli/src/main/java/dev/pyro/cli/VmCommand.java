package dev.pyro.cli;

import dev.pyro.PyroException;
import dev.pyro.contract.Contract;
import dev.pyro.vm.VmRecord;
import dev.pyro.vm.Vms;
import dev.pyro.workspace.ShellCommand;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "vm",
        description = {"Standalone sandboxes, step by step (the layer under 'pyro run').",
                "Most uses want 'pyro run' (one command) or 'pyro workspace' (state across calls)."},
        subcommands = {VmCommand.Create.class, VmCommand.Start.class, VmCommand.Exec.class, VmCommand.Status.class,
                VmCommand.NetworkInfo.class, VmCommand.Stop.class, VmCommand.Delete.class, VmCommand.ReapExpired.class})
final class VmCommand extends CommandGroup {

    /** The VM argument. */
    static final class VmArg {
        @Parameters(index = "0", paramLabel = "VM", description = "VM id from 'pyro vm create'.")
        String vm;
    }

    /** Prints a VM record: one line, or JSON. */
    abstract static class VmRecordCommand extends PyroSubcommand {
        int show(VmRecord record) {
            return print(record, r -> out().println(r.vmId() + " state=" + r.state() + " environment=" + r.environment()
                    + " vcpu_count=" + r.vcpuCount() + " mem_mib=" + r.memMib() + " expires_at=" + r.expiresAt()));
        }
    }

    /** One step of a VM's life, applied to the VM named on the command line. */
    abstract static class VmStep extends VmRecordCommand {
        @CommandLine.Mixin
        VmArg target;

        abstract VmRecord step(Vms vms, String vm);

        @Override
        public Integer call() {
            return show(step(pyro().vms(), target.vm));
        }
    }

    @Command(name = "create", description = "Create a VM (not started) that expires after --ttl-seconds.")
    static final class Create extends VmRecordCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "ENV", description = "Environment (default: host).")
        String environment = Contract.DEFAULT_ENVIRONMENT;

        @Option(names = "--vcpu-count", paramLabel = "N", description = "CPUs (default: ${DEFAULT-VALUE}).")
        int vcpuCount = Contract.DEFAULT_VCPU_COUNT;

        @Option(names = "--mem-mib", paramLabel = "N", description = "Memory limit in MiB (default: ${DEFAULT-VALUE}).")
        int memMib = Contract.DEFAULT_MEM_MIB;

        @Option(names = "--ttl-seconds", paramLabel = "N", description = "Expire after N seconds (default: ${DEFAULT-VALUE}).")
        long ttlSeconds = Contract.DEFAULT_VM_TTL_SECONDS;

        @Option(names = "--network", description = "Allow outbound connections (never to the host's own loopback).")
        boolean network;

        @Override
        public Integer call() {
            return show(pyro().vms().create(environment, vcpuCount, memMib, ttlSeconds, network));
        }
    }

    @Command(name = "start", description = "Start a created or stopped VM.")
    static final class Start extends VmStep {
        @Override
        VmRecord step(Vms vms, String vm) {
            return vms.start(vm);
        }
    }

    @Command(name = "status", description = "Show a VM.")
    static final class Status extends VmStep {
        @Override
        VmRecord step(Vms vms, String vm) {
            return vms.status(vm);
        }
    }

    @Command(name = "stop", description = "Stop a VM; 'pyro vm start' brings it back.")
    static final class Stop extends VmStep {
        @Override
        VmRecord step(Vms vms, String vm) {
            return vms.stop(vm);
        }
    }

    @Command(name = "exec", description = "Run one command (sh -lc) in a VM, starting it if needed; then the VM is deleted.",
            footer = {"", "Exit status: the command's own; 124 on timeout."})
    static final class Exec extends PyroSubcommand {
        @CommandLine.Mixin
        VmArg target;

        @Parameters(index = "1..*", paramLabel = "COMMAND", description = "The command, after --.")
        List<String> command = new ArrayList<>();

        @Option(names = "--timeout-seconds", paramLabel = "N", description = "Stop the command after N seconds (default: ${DEFAULT-VALUE}).")
        int timeoutSeconds = Contract.DEFAULT_TIMEOUT_SECONDS;

        @Option(names = "--max-output-bytes", paramLabel = "N", description = "Bytes of stdout and of stderr kept (default: ${DEFAULT-VALUE}).")
        int maxOutputBytes = Contract.DEFAULT_OUTPUT_BUDGET_BYTES;

        @Override
        public Integer call() {
            if (command.isEmpty()) {
                throw PyroException.invalidArgument("no command given; e.g. pyro vm exec " + target.vm + " -- uname -a");
            }
            Vms.Exec result = pyro().vms().exec(target.vm, ShellCommand.fromArgv(command), timeoutSeconds, maxOutputBytes);
            print(result, r -> {
                out().print(r.stdout());
                err().print(r.stderr());
                err().println("[vm-exec] vm_id=" + r.vmId() + " exit_code=" + r.exitCode() + " duration_ms=" + r.durationMs()
                        + (r.timedOut() ? " timed_out" : "") + " vm_deleted=true");
            });
            return result.timedOut() ? Contract.EXIT_TIMEOUT : result.exitCode();
        }
    }

    @Command(name = "network-info", description = "Show a VM's network (interfaces, egress).")
    static final class NetworkInfo extends PyroSubcommand {
        @CommandLine.Mixin
        VmArg target;

        @Override
        public Integer call() {
            return print(pyro().vms().networkInfo(target.vm), info -> out().println(info.vmId() + " network="
                    + (info.networkEnabled() ? "on" : "off") + " interfaces=" + String.join(",", info.interfaces())));
        }
    }

    @Command(name = "delete", description = "Delete a VM and everything in it.")
    static final class Delete extends PyroSubcommand {
        @CommandLine.Mixin
        VmArg target;

        @Override
        public Integer call() {
            return print(pyro().vms().delete(target.vm), d -> out().println("deleted " + d.vmId()));
        }
    }

    @Command(name = "reap-expired", description = "Delete every VM past its expiry.")
    static final class ReapExpired extends PyroSubcommand {
        @Override
        public Integer call() {
            return print(pyro().vms().reapExpired(), r -> out().println("deleted " + r.count() + " expired VM(s)"
                    + (r.deleted().isEmpty() ? "" : ": " + String.join(", ", r.deleted()))));
        }
    }
}
