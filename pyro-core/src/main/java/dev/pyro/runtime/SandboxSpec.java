package dev.pyro.runtime;

import dev.pyro.env.Environment;
import java.nio.file.Path;

/**
 * A persistent sandbox: {@code stateDir} holds its host-side state (socket, log, record) and
 * is never visible inside; {@code workspaceDir} is bound read-write at {@code /workspace};
 * {@code secretsDir}, when set, read-only at {@code /run/pyro-secrets}; {@code network} says
 * what it may reach. {@code rootLayer} is where a pulled environment's copy-on-write layer lives
 * ({@code upper/}, {@code work/}, {@code merged/}); without one such a root is read-only.
 */
public record SandboxSpec(String id, Path stateDir, Path workspaceDir, Environment environment, ResourceLimits limits,
                          Path secretsDir, NetworkPolicy network, Path rootLayer) {

    public SandboxSpec {
        network = network == null ? NetworkPolicy.OFF : network;
    }

    /** Without secrets or network. */
    public SandboxSpec(String id, Path stateDir, Path workspaceDir, Environment environment, ResourceLimits limits) {
        this(id, stateDir, workspaceDir, environment, limits, null, NetworkPolicy.OFF, null);
    }
}
