package dev.pyro.runtime;

import dev.pyro.env.Environment;
import java.nio.file.Path;

/**
 * A persistent sandbox: {@code stateDir} holds its host-side state (socket, log, record) and
 * is never visible inside; {@code workspaceDir} is bound read-write at {@code /workspace};
 * {@code secretsDir}, when set, read-only at {@code /run/pyro-secrets}.
 */
public record SandboxSpec(String id, Path stateDir, Path workspaceDir, Environment environment, ResourceLimits limits,
                          Path secretsDir) {

    /** Without secrets. */
    public SandboxSpec(String id, Path stateDir, Path workspaceDir, Environment environment, ResourceLimits limits) {
        this(id, stateDir, workspaceDir, environment, limits, null);
    }
}
