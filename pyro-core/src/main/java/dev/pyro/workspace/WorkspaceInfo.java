package dev.pyro.workspace;

import java.util.Map;

/**
 * The public view of a workspace, as create, status, list and update return it.
 * {@code expires_at} is the last activity plus the TTL (null when the TTL is 0);
 * {@code sandbox_running} says whether its sandbox is up right now (it restarts on the next
 * call that needs it, with /workspace intact). {@code service_count} and {@code
 * running_service_count} count the services of the running sandbox (0 when it is not running);
 * {@code secrets} names the workspace's secrets (never their values); {@code network_policy}
 * says what it may reach ({@code off}, {@code egress}, {@code egress+published-ports}).
 */
public record WorkspaceInfo(
        String workspaceId,
        String name,
        Map<String, String> labels,
        String environment,
        String state,
        String executionMode,
        String workspacePath,
        int vcpuCount,
        int memMib,
        String networkPolicy,
        long ttlSeconds,
        String createdAt,
        String lastActivityAt,
        String expiresAt,
        WorkspaceSeed workspaceSeed,
        long commandCount,
        LastCommand lastCommand,
        int resetCount,
        String lastResetAt,
        boolean sandboxRunning,
        int serviceCount,
        int runningServiceCount,
        java.util.List<String> secrets) {
}
