package dev.pyro.cli;

import dev.pyro.contract.ToolProfile;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "host", description = "Connect chat hosts (Claude Code, Codex, OpenCode, any MCP client) to pyro.",
        subcommands = HostCommand.PrintConfig.class)
final class HostCommand extends CommandGroup {

    /** Set by the launcher to its own path, so the printed configuration runs this checkout. */
    static final String LAUNCHER_PROPERTY = "pyro.launcher";

    @Command(name = "print-config", description = {"Print the configuration that makes HOST launch 'pyro mcp serve'",
            "(on stdout, ready to paste; where it goes on stderr)."},
            footerHeading = "%nProfiles, smallest first:%n",
            footer = {"  vm-run          one-shot commands only",
                    "  workspace-core  workspaces: create, exec, files, patch, diff, reset, export (default)",
                    "  workspace-full  also shells, services, snapshots, secrets, network, stop/start, disk"})
    static final class PrintConfig implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "HOST", description = "claude-code, codex, opencode or generic.")
        String host;

        @Option(names = "--profile", paramLabel = "PROFILE", description = "The tools to offer (default: ${DEFAULT-VALUE}).")
        String profile = ToolProfile.DEFAULT.id();

        @Option(names = "--pyro", paramLabel = "PATH", description = "The pyro to launch (default: this one).")
        String pyro = System.getProperty(LAUNCHER_PROPERTY, "pyro");

        @Override
        public Integer call() {
            McpHostConfig config = McpHostConfig.parse(host);
            List<String> command = McpHostConfig.serveCommand(pyro, ToolProfile.parse(profile).id());
            spec.commandLine().getOut().print(config.render(command));
            spec.commandLine().getOut().flush();
            spec.commandLine().getErr().println("pyro: " + config.where(command));
            return 0;
        }
    }
}
