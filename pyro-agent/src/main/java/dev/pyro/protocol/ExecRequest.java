package dev.pyro.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code exec} request. {@code env} replaces the environment entirely; {@code timeoutMs}
 * of 0 means no timeout; budgets apply to {@link OutputMode#CAPTURE}.
 */
public record ExecRequest(
        List<String> argv,
        String cwd,
        Map<String, String> env,
        long timeoutMs,
        OutputMode output,
        int stdoutBudget,
        int stderrBudget) {

    public static final int DEFAULT_BUDGET = 64 * 1024;
    public static final int MAX_BUDGET = 4 << 20;

    public ExecRequest {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
        if (argv.isEmpty()) {
            throw new ProtocolException("field \"argv\" must name a command");
        }
        if (timeoutMs < 0) {
            throw new ProtocolException("field \"timeout_ms\" must not be negative");
        }
        checkBudget("stdout_budget", stdoutBudget);
        checkBudget("stderr_budget", stderrBudget);
    }

    private static void checkBudget(String name, int budget) {
        if (budget < 0 || budget > MAX_BUDGET) {
            throw new ProtocolException("field \"" + name + "\" must be within 0.." + MAX_BUDGET);
        }
    }

    public Map<String, Object> toHeader() {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put(Protocol.OP, Protocol.OP_EXEC);
        header.put("argv", argv);
        header.put("cwd", cwd);
        header.put("env", env);
        header.put("timeout_ms", timeoutMs);
        header.put("output", output.wireName());
        header.put("stdout_budget", (long) stdoutBudget);
        header.put("stderr_budget", (long) stderrBudget);
        return header;
    }

    public static ExecRequest fromHeader(Fields header) {
        return new ExecRequest(
                header.stringList("argv"),
                header.string("cwd", "/workspace"),
                header.stringMap("env"),
                header.longValue("timeout_ms", 0),
                OutputMode.fromWire(header.string("output", OutputMode.CAPTURE.wireName())),
                header.intValue("stdout_budget", DEFAULT_BUDGET),
                header.intValue("stderr_budget", DEFAULT_BUDGET));
    }
}
