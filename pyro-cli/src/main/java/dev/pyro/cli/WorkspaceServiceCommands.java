package dev.pyro.cli;

import dev.pyro.PyroException;
import dev.pyro.contract.Contract;
import dev.pyro.workspace.ShellCommand;
import dev.pyro.workspace.WorkspaceServices;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** service start/list/status/logs/stop: named long-running processes with readiness checks. */
final class WorkspaceServiceCommands {
    private WorkspaceServiceCommands() {
    }

    @Command(name = "service", description = {"Long-running processes (servers, watchers) kept by the workspace, each",
            "with an optional readiness check. Logs live outside /workspace; services end on stop and reset."},
            subcommands = {Start.class, ListAll.class, Status.class, Logs.class, Stop.class})
    static final class ServiceGroup extends CommandGroup {
    }

    /** WORKSPACE then NAME. */
    static class ServiceArg extends WorkspaceArg {
        @Parameters(index = "1", paramLabel = "NAME", description = "Service name (letters, digits, '.', '_', '-').")
        String name;
    }

    /** At most one readiness check. */
    static final class ReadyCheck {
        @Option(names = "--ready-file", paramLabel = "PATH", description = "Ready once PATH exists (relative to --cwd).")
        String file;

        @Option(names = "--ready-tcp", paramLabel = "HOST:PORT", description = "Ready once a TCP connect succeeds (PORT alone: 127.0.0.1).")
        String tcp;

        @Option(names = "--ready-http", paramLabel = "URL", description = "Ready once an HTTP GET answers 2xx or 3xx.")
        String http;

        @Option(names = "--ready-command", paramLabel = "CMD", description = "Ready once CMD (sh -lc) exits 0.")
        String command;

        WorkspaceServices.StartOptions applyTo(WorkspaceServices.StartOptions options) {
            if (file != null) {
                return options.withReadiness("file", file);
            }
            if (tcp != null) {
                return options.withReadiness("tcp", tcp);
            }
            if (http != null) {
                return options.withReadiness("http", http);
            }
            return command != null ? options.withReadiness("command", command) : options;
        }
    }

    @Command(name = "start", description = {"Start CMD as service NAME and wait until it is ready (or has failed, with why",
            "and its log tail). Without a readiness check it counts as ready once started."})
    static final class Start extends PyroSubcommand {
        @CommandLine.Mixin
        SecretEnvArg secrets;

        @CommandLine.Mixin
        ServiceArg target;

        @Option(names = "--cwd", paramLabel = "DIR", description = "Working directory; relative paths are inside /workspace "
                + "(default: /workspace).")
        String cwd = Contract.WORKSPACE_GUEST_PATH;

        @ArgGroup(exclusive = true, multiplicity = "0..1")
        ReadyCheck ready;

        @Option(names = "--ready-timeout-seconds", description = "How long to wait for readiness (default: ${DEFAULT-VALUE}).")
        int readyTimeoutSeconds = Contract.DEFAULT_SERVICE_READY_TIMEOUT_SECONDS;

        @Option(names = "--ready-interval-ms", description = "How often to check (default: ${DEFAULT-VALUE}).")
        int readyIntervalMs = Contract.DEFAULT_SERVICE_READY_INTERVAL_MS;

        @Option(names = "--publish", paramLabel = "[HOST_PORT:]GUEST_PORT", description = "Reach GUEST_PORT from the host's "
                + "127.0.0.1:HOST_PORT (a free port without HOST_PORT); ready once it listens. Needs network policy "
                + "egress+published-ports. Repeatable.")
        List<String> publish = new java.util.ArrayList<>();

        @Parameters(index = "2..*", paramLabel = "CMD", description = "The command, after --; run with sh -lc.")
        List<String> command;

        @Override
        public Integer call() {
            if (command == null || command.isEmpty()) {
                throw PyroException.invalidArgument("no command given; e.g. pyro workspace service start " + target.workspace
                        + " " + target.name + " --ready-tcp 8080 -- python3 -m http.server 8080");
            }
            WorkspaceServices.StartOptions options = WorkspaceServices.StartOptions.defaults().withCwd(cwd)
                    .withReadyTimeoutSeconds(readyTimeoutSeconds).withReadyIntervalMs(readyIntervalMs)
                    .withSecretEnv(secrets.mapping()).withPublish(publish);
            options = ready == null ? options : ready.applyTo(options);
            return print(pyro().startService(target.workspace, target.name, ShellCommand.fromArgv(command), options), s -> {
                out().println("Service " + s.serviceName() + " is " + s.state() + " (pid " + s.pid() + ")"
                        + (s.readyAt() == null ? "" : ", ready at " + s.readyAt()));
                for (WorkspaceServices.PublishedPort port : s.publishedPorts()) {
                    out().println("Published: " + port.describe());
                }
            });
        }
    }

    @Command(name = "list", description = "List a workspace's services.")
    static final class ListAll extends PyroSubcommand {
        @CommandLine.Mixin
        WorkspaceArg target;

        @Override
        public Integer call() {
            return print(pyro().listServices(target.workspace), list -> {
                if (list.services().isEmpty()) {
                    out().println("No services; start one with 'pyro workspace service start " + list.workspaceId() + " NAME -- CMD'");
                }
                for (WorkspaceServices.Service s : list.services()) {
                    out().printf("%-16s  %-9s  %-24s  %s%s%n", s.serviceName(), s.state(), s.startedAt(), s.command(),
                            s.publishedPorts().isEmpty() ? "" : "  [" + WorkspaceServices.PublishedPort.describe(s.publishedPorts()) + "]");
                }
            });
        }
    }

    @Command(name = "status", description = "Show one service: state, pid, readiness, times, exit code, why it failed.")
    static final class Status extends PyroSubcommand {
        @CommandLine.Mixin
        ServiceArg target;

        @Override
        public Integer call() {
            return print(pyro().statusService(target.workspace, target.name), s -> {
                out().println("Service: " + s.serviceName());
                out().println("State: " + s.state() + (s.exitCode() == null ? "" : " (exit code " + s.exitCode() + ")"));
                out().println("Command: " + s.command());
                out().println("Cwd: " + s.cwd());
                out().println("Pid: " + s.pid());
                out().println("Readiness: " + (s.readiness() == null ? "none" : s.readiness()));
                out().println("Started: " + s.startedAt());
                out().println("Ready: " + (s.readyAt() == null ? "-" : s.readyAt()));
                if (!s.publishedPorts().isEmpty()) {
                    out().println("Published: " + WorkspaceServices.PublishedPort.describe(s.publishedPorts()));
                }
                if (s.endedAt() != null) {
                    out().println("Ended: " + s.endedAt());
                }
                if (s.failure() != null) {
                    out().println("Failure: " + s.failure());
                }
            });
        }
    }

    @Command(name = "logs", description = "Print the end of a service's stdout, then its stderr (on stderr).")
    static final class Logs extends PyroSubcommand {
        @CommandLine.Mixin
        ServiceArg target;

        @Option(names = "--tail-lines", paramLabel = "N", description = "Lines of each stream (default: ${DEFAULT-VALUE}).")
        int tailLines = Contract.DEFAULT_SERVICE_LOG_TAIL_LINES;

        @Option(names = "--all", description = "Everything kept (the last 1 MiB of each stream at most).")
        boolean all;

        @Override
        public Integer call() {
            return print(pyro().logsService(target.workspace, target.name, tailLines, all), logs -> {
                out().print(logs.stdout());
                out().flush();
                err().print(logs.stderr());
            });
        }
    }

    @Command(name = "stop", description = "Stop a service (TERM, then KILL after 5 s) and everything it started.")
    static final class Stop extends PyroSubcommand {
        @CommandLine.Mixin
        ServiceArg target;

        @Override
        public Integer call() {
            return print(pyro().stopService(target.workspace, target.name),
                    s -> out().println("Service " + s.serviceName() + " is " + s.state()
                            + (s.exitCode() == null ? "" : " (exit code " + s.exitCode() + ")")));
        }
    }
}
