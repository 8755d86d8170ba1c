package dev.pyro.runtime;

import dev.pyro.runtime.agent.AgentClient;

/** A running persistent sandbox. */
public interface Sandbox {

    SandboxRecord record();

    AgentClient agent();

    /** True while the supervising process is the one that was started (not a reused pid). */
    boolean isAlive();

    /** Asks the agent to exit, then makes sure every process of the sandbox is gone. */
    void stop();
}
