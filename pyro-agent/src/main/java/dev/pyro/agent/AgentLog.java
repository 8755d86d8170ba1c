package dev.pyro.agent;

import java.time.Instant;

/** The agent logs to stderr, which the host sends to the sandbox's agent.log. */
final class AgentLog {
    private AgentLog() {
    }

    static void info(String message) {
        System.err.println(Instant.now() + " pyro-agent: " + message);
    }
}
