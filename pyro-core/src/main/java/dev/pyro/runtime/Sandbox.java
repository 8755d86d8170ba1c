package dev.pyro.runtime;

import dev.pyro.runtime.agent.AgentClient;
import dev.pyro.runtime.net.PortForwards;

/** A running persistent sandbox. */
public interface Sandbox {

    SandboxRecord record();

    AgentClient agent();

    /** True while the supervising process is the one that was started (not a reused pid). */
    boolean isAlive();

    /** Asks the agent to exit, then makes sure every process of the sandbox is gone (its network too). */
    void stop();

    /**
     * Forwards the host's {@code 127.0.0.1:hostPort} ({@code 0}: a free port) to {@code guestPort}
     * on the sandbox's network address. Only sandboxes started with published ports can.
     */
    PortForwards.Forward forwardPort(int hostPort, int guestPort);

    /** Removes a forward made by {@link #forwardPort}; one already gone is no error. */
    void removeForward(int forwardId);
}
