package dev.pyro.runtime;

import dev.pyro.env.Environment;
import java.nio.file.Path;

/**
 * A persistent sandbox: {@code stateDir} holds its host-side state (socket, log, record) and
 * is never visible inside; {@code workspaceDir} is bound read-write at {@code /workspace}.
 */
public record SandboxSpec(String id, Path stateDir, Path workspaceDir, Environment environment, ResourceLimits limits) {
}
