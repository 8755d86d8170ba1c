package dev.pyro;

import dev.pyro.contract.Contract;
import java.util.List;

/**
 * A one-shot run as the SDK takes it, with the contract's defaults. The command is argv,
 * executed directly (use {@code sh -c '...'} for pipelines).
 *
 * <pre>{@code
 * RunResult result = pyro.run(RunRequest.of("sh", "-c", "echo hello; exit 3").withTimeoutSeconds(5));
 * }</pre>
 */
public record RunRequest(
        String environment,
        List<String> command,
        int timeoutSeconds,
        int vcpuCount,
        int memMib,
        int maxOutputBytes,
        boolean allowHostCompat,
        boolean inheritOutput,
        boolean network) {

    public RunRequest {
        command = List.copyOf(command);
        if (timeoutSeconds < 1 || timeoutSeconds > Contract.MAX_TIMEOUT_SECONDS) {
            throw PyroException.invalidArgument("timeout must be between 1 and "
                    + Contract.MAX_TIMEOUT_SECONDS + " seconds, got " + timeoutSeconds);
        }
        if (maxOutputBytes < 0 || maxOutputBytes > Contract.MAX_OUTPUT_BUDGET_BYTES) {
            throw PyroException.invalidArgument("max output bytes must be between 0 and "
                    + Contract.MAX_OUTPUT_BUDGET_BYTES + ", got " + maxOutputBytes);
        }
    }

    public static RunRequest of(String... command) {
        return of(List.of(command));
    }

    public static RunRequest of(List<String> command) {
        return new RunRequest(Contract.DEFAULT_ENVIRONMENT, command, Contract.DEFAULT_TIMEOUT_SECONDS,
                Contract.DEFAULT_VCPU_COUNT, Contract.DEFAULT_MEM_MIB, Contract.DEFAULT_OUTPUT_BUDGET_BYTES, false, false, false);
    }

    public RunRequest withEnvironment(String value) {
        return new RunRequest(value, command, timeoutSeconds, vcpuCount, memMib, maxOutputBytes, allowHostCompat, inheritOutput, network);
    }

    public RunRequest withTimeoutSeconds(int value) {
        return new RunRequest(environment, command, value, vcpuCount, memMib, maxOutputBytes, allowHostCompat, inheritOutput, network);
    }

    public RunRequest withVcpuCount(int value) {
        return new RunRequest(environment, command, timeoutSeconds, value, memMib, maxOutputBytes, allowHostCompat, inheritOutput, network);
    }

    public RunRequest withMemMib(int value) {
        return new RunRequest(environment, command, timeoutSeconds, vcpuCount, value, maxOutputBytes, allowHostCompat, inheritOutput, network);
    }

    public RunRequest withMaxOutputBytes(int value) {
        return new RunRequest(environment, command, timeoutSeconds, vcpuCount, memMib, value, allowHostCompat, inheritOutput, network);
    }

    /** Run on the host without isolation if no sandbox can be built (reported as host_compat). */
    public RunRequest withAllowHostCompat(boolean value) {
        return new RunRequest(environment, command, timeoutSeconds, vcpuCount, memMib, maxOutputBytes, value, inheritOutput, network);
    }

    /** Send the command's output straight to this process's stdout/stderr instead of capturing it. */
    public RunRequest withInheritOutput(boolean value) {
        return new RunRequest(environment, command, timeoutSeconds, vcpuCount, memMib, maxOutputBytes, allowHostCompat, value, network);
    }

    /** Let the command reach the network (egress through a user-mode stack; never the host's loopback). */
    public RunRequest withNetwork(boolean value) {
        return new RunRequest(environment, command, timeoutSeconds, vcpuCount, memMib, maxOutputBytes, allowHostCompat, inheritOutput,
                value);
    }
}
