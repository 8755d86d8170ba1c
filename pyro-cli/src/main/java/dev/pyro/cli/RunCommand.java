package dev.pyro.cli;

import dev.pyro.PyroException;
import dev.pyro.RunRequest;
import dev.pyro.contract.Contract;
import dev.pyro.env.Environment;
import dev.pyro.runtime.RunResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "run",
        sortOptions = false,
        description = {
                "Run one command in a fresh sandbox that is destroyed when it exits.",
                "The command runs directly (use sh -c '...' for pipelines) in an empty",
                "/workspace, with stdin from /dev/null and no network (--network allows",
                "outbound connections). Anything it leaves running is stopped when it exits."},
        footerHeading = "%nExit status:%n",
        footer = {
                "  the command's own exit code; 124 if it timed out; 127 if it was not found;",
                "  125 if pyro itself could not run it (the message says why and how to fix it).",
                "",
                "Examples:",
                "  pyro run -- sh -c 'echo hello; exit 3'",
                "  pyro run --timeout-seconds 5 --mem-mib 512 -- python3 -c 'print(42)'",
                "  pyro run --json -- uname -a"})
final class RunCommand extends PyroSubcommand {

    @Option(names = "--timeout-seconds", paramLabel = "N",
            description = "Stop the command and everything it started after N seconds (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds = Contract.DEFAULT_TIMEOUT_SECONDS;

    @Option(names = "--vcpu-count", paramLabel = "N", description = "CPU quota in whole CPUs (default: ${DEFAULT-VALUE}).")
    int vcpuCount = Contract.DEFAULT_VCPU_COUNT;

    @Option(names = "--mem-mib", paramLabel = "N", description = "Memory limit in MiB (default: ${DEFAULT-VALUE}).")
    int memMib = Contract.DEFAULT_MEM_MIB;

    @Option(names = "--max-output-bytes", paramLabel = "N",
            description = "With --json: bytes of stdout and of stderr kept, head and tail (default: ${DEFAULT-VALUE}).")
    int maxOutputBytes = Contract.DEFAULT_OUTPUT_BUDGET_BYTES;

    @Option(names = "--network",
            description = "Let the command make outbound connections (user-mode network; never the host's own loopback).")
    boolean network;

    @Option(names = "--pull", description = "Pull the environment first if it is not installed (pyro env pull).")
    boolean pull;

    @Option(names = "--allow-host-compat",
            description = "If no sandbox can be built here, run on the host WITHOUT isolation (reported as host_compat).")
    boolean allowHostCompat;

    @Parameters(paramLabel = "[ENV] -- COMMAND", arity = "0..*",
            description = "Optional environment (default: host), then -- and the command with its arguments.")
    List<String> positional = new ArrayList<>();

    @Override
    public Integer call() {
        Invocation invocation = splitInvocation();
        if (pull) {
            pyro().environments().ensure(invocation.environment(), line -> spec.commandLine().getErr().println("[env-pull] " + line));
        }
        RunRequest request = RunRequest.of(invocation.command())
                .withEnvironment(invocation.environment())
                .withTimeoutSeconds(timeoutSeconds)
                .withVcpuCount(vcpuCount)
                .withMemMib(memMib)
                .withMaxOutputBytes(maxOutputBytes)
                .withAllowHostCompat(allowHostCompat)
                .withNetwork(network)
                .withInheritOutput(!json);
        RunResult result = pyro().run(request);
        PrintWriter err = spec.commandLine().getErr();
        if (json) {
            JsonPrinter.print(spec.commandLine().getOut(), result);
        } else {
            explainEnding(result, timeoutSeconds, err);
        }
        return result.exitCode();
    }

    private static void explainEnding(RunResult result, int timeoutSeconds, PrintWriter err) {
        if (result.timedOut()) {
            err.println("pyro: command timed out after " + timeoutSeconds + " s;"
                    + " it and everything it started were stopped (exit 124)");
        } else if (result.oomKilled()) {
            err.println("pyro: a process was killed for exceeding the " + result.memMib()
                    + " MiB memory limit; raise it with --mem-mib");
        }
        if (result.executionMode().equals(Contract.EXECUTION_MODE_HOST_COMPAT)) {
            err.println("pyro: warning: ran on the host WITHOUT isolation (--allow-host-compat)");
        }
        err.flush();
    }

    private record Invocation(String environment, List<String> command) {
    }

    /**
     * {@code [ENV] -- COMMAND...}: what comes before {@code --} is the environment. Without
     * {@code --}, a leading known environment name is taken as one, the rest is the command.
     */
    private Invocation splitInvocation() {
        List<String> original = spec.commandLine().getParseResult().originalArgs();
        int dashes = original.indexOf("--");
        List<String> before;
        List<String> after;
        if (dashes >= 0) {
            int afterCount = original.size() - dashes - 1;
            before = positional.subList(0, positional.size() - afterCount);
            after = positional.subList(positional.size() - afterCount, positional.size());
        } else {
            boolean leadingEnv = !positional.isEmpty() && knownEnvironment(positional.get(0));
            before = leadingEnv ? positional.subList(0, 1) : List.of();
            after = leadingEnv ? positional.subList(1, positional.size()) : positional;
        }
        if (before.size() > 1) {
            throw PyroException.invalidArgument("expected at most one environment before --, got " + before
                    + "; put the command after --, e.g. pyro run -- echo hello");
        }
        if (after.isEmpty()) {
            throw PyroException.invalidArgument("no command given; put it after --, e.g. pyro run -- echo hello");
        }
        return new Invocation(before.isEmpty() ? Contract.DEFAULT_ENVIRONMENT : before.get(0), after);
    }

    private boolean knownEnvironment(String name) {
        return pyro().listEnvironments().stream().map(Environment::name).anyMatch(name::equals);
    }
}
