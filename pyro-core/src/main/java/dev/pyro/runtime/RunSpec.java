package dev.pyro.runtime;

import dev.pyro.PyroException;
import dev.pyro.env.Environment;
import java.time.Duration;
import java.util.List;

/** One one-shot command: argv (executed directly, not through a shell), its bounds, and whether it has egress. */
public record RunSpec(
        Environment environment,
        List<String> command,
        Duration timeout,
        ResourceLimits limits,
        OutputHandling output,
        NetworkPolicy network) {

    public RunSpec {
        command = List.copyOf(command);
        network = network == null ? NetworkPolicy.OFF : network;
        if (command.isEmpty() || command.get(0).isEmpty()) {
            throw PyroException.invalidArgument("no command given; put it after --, e.g. pyro run -- echo hello");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw PyroException.invalidArgument("timeout must be positive");
        }
    }
}
