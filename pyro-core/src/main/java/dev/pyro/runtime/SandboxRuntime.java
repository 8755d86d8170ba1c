package dev.pyro.runtime;

import dev.pyro.runtime.agent.AgentClient;

/**
 * A way to build sandboxes: bubblewrap namespaces today, microVMs later. One-shot runs go
 * straight to the runtime; persistent sandboxes run {@code pyro-agent} as their supervisor
 * and are driven through an {@link AgentClient}.
 */
public interface SandboxRuntime {

    /** {@code execution_mode} reported in results, e.g. {@code bwrap}. */
    String executionMode();

    /** What separates sandboxed code from the host, e.g. {@code namespaces}. */
    String isolation();

    /** How memory and process limits are enforced, e.g. {@code cgroup-v1}. */
    String limitsMode();

    /** Throws a {@link dev.pyro.PyroException} naming the missing piece if sandboxes cannot be built. */
    void ensureAvailable();

    /** Throws a {@link dev.pyro.PyroException} naming the missing piece if sandboxes cannot have network egress. */
    void ensureNetworkAvailable();

    RunResult run(RunSpec spec);

    /** Starts a persistent sandbox whose agent keeps running after this process exits. */
    Sandbox start(SandboxSpec spec);

    /** Reconnects to a sandbox started by this or another process. */
    Sandbox attach(SandboxRecord record);

    /** Every sandbox whose state directory is under {@code statesDir}, even if no record names it. */
    java.util.List<Sandbox> findAll(java.nio.file.Path statesDir);
}
