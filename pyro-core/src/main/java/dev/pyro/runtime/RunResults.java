package dev.pyro.runtime;

import dev.pyro.contract.Contract;
import java.nio.charset.StandardCharsets;

/** Builds {@link RunResult}s the same way for every runtime. */
public final class RunResults {
    private RunResults() {
    }

    public static RunResult from(RunSpec spec, String executionMode, String limitsMode,
                                 OneShotProcess.Outcome outcome, boolean oomKilled) {
        int exitCode = outcome.timedOut() ? Contract.EXIT_TIMEOUT : outcome.exitCode();
        return new RunResult(spec.environment().name(), executionMode, spec.command(), exitCode,
                outcome.timedOut(), oomKilled, outcome.durationMs(),
                outcome.stdoutText(), outcome.stderrText(),
                outcome.stdout().total(), outcome.stderr().total(),
                outcome.stdout().truncated(), outcome.stderr().truncated(),
                spec.limits().vcpuCount(), spec.limits().memMib(), limitsMode);
    }

    /** A shell's answer to a missing command: exit 127 and a message on stderr. */
    public static RunResult commandNotFound(RunSpec spec, String executionMode, String limitsMode) {
        String message = "pyro: command not found in the sandbox: " + spec.command().get(0) + "\n";
        if (spec.output().inherit()) {
            System.err.print(message);
            System.err.flush();
        }
        String stderr = spec.output().inherit() ? "" : message;
        return new RunResult(spec.environment().name(), executionMode, spec.command(), Contract.EXIT_NOT_FOUND,
                false, false, 0, "", stderr, 0, message.getBytes(StandardCharsets.UTF_8).length, false, false,
                spec.limits().vcpuCount(), spec.limits().memMib(), limitsMode);
    }
}
