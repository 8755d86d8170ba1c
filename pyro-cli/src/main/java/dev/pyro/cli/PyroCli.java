package dev.pyro.cli;

import dev.pyro.Pyro;
import dev.pyro.PyroException;
import dev.pyro.contract.Contract;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pyro}: the command line. */
@Command(
        name = "pyro",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = PyroCli.Version.class,
        description = "Disposable agent workspaces: run commands in isolated, throw-away Linux sandboxes.",
        subcommands = {RunCommand.class, WorkspaceCommand.class, McpCommand.class, HostCommand.class, VmCommand.class,
                DoctorCommand.class, EnvCommand.class},
        footerHeading = "%nZero to hero:%n",
        footer = {
                "  pyro doctor                        check that this host can build sandboxes",
                "  pyro env list                      see the environments",
                "  pyro run -- echo hello             one command in a throw-away sandbox",
                "  pyro run --json -- sh -c 'ls /'    the same, as JSON for programs",
                "  pyro workspace create --seed-path ./repo --name fix-42",
                "  pyro workspace exec fix-42 -- make test",
                "  pyro workspace diff fix-42         what changed since the seed",
                "  pyro mcp serve                     the same tools for a chat host (MCP, stdio)",
                "  pyro host print-config claude-code the configuration that connects a chat host",
                "",
                "Commands run with no network (unless asked: run --network, workspace create",
                "--network-policy), a read-only system, a private /workspace and /tmp, and",
                "memory, CPU and process limits. See docs/public-contract.md."
        })
public final class PyroCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI and returns its exit code; used by {@link #main} and by tests. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = commandLine(out, err);
        return commandLine.execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new PyroCli(), new Factory());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            PrintWriter errors = cmd.getErr();
            if (e instanceof PyroException pyro) {
                errors.println("pyro: error: " + pyro.getMessage());
                if (pyro.fix() != null) {
                    errors.println("  fix: " + pyro.fix());
                }
                if (System.getenv("PYRO_DEBUG") != null) {
                    pyro.printStackTrace(errors);
                }
                errors.flush();
                if (pyro.code().equals("invalid_argument")) {
                    errors.println("  see: " + cmd.getCommandSpec().qualifiedName() + " --help");
                    errors.flush();
                    return Contract.EXIT_USAGE;
                }
                boolean runsCommands = cmd.getCommand() instanceof RunCommand || cmd.getCommand() instanceof WorkspaceExecCommands.Exec
                        || cmd.getCommand() instanceof VmCommand.Exec;
                return runsCommands ? Contract.EXIT_RUN_FAILED : Contract.EXIT_ERROR;
            }
            errors.println("pyro: internal error: " + e);
            errors.println("  please report it with the command you ran; set PYRO_DEBUG=1 for a stack trace");
            if (System.getenv("PYRO_DEBUG") != null) {
                e.printStackTrace(errors);
            }
            errors.flush();
            return Contract.EXIT_ERROR;
        });
        commandLine.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            PrintWriter errors = cmd.getErr();
            errors.println("pyro: " + e.getMessage());
            errors.println("  see: " + cmd.getCommandSpec().qualifiedName() + " --help");
            errors.flush();
            return Contract.EXIT_USAGE;
        });
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** One {@link Pyro} per process, created only by commands that need it. */
    static final class Factory implements CommandLine.IFactory {
        private Pyro pyro;

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            K instance = CommandLine.defaultFactory().create(cls);
            if (instance instanceof NeedsPyro needsPyro) {
                needsPyro.pyroSupplier(this::pyro);
            }
            return instance;
        }

        private synchronized Pyro pyro() {
            if (pyro == null) {
                pyro = Pyro.create();
            }
            return pyro;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"pyro " + Pyro.version()};
        }
    }
}
