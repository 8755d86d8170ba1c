package dev.pyro.workspace;

import dev.pyro.contract.Contract;
import dev.pyro.runtime.NetworkPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A workspace to create. {@code seedPath}: a host directory or .tar/.tar.gz/.tgz to put in
 * /workspace (null for empty). {@code ttlSeconds}: idle time after which the workspace is
 * removed (0 = never). {@code networkPolicy}: {@code off} (default), {@code egress} or
 * {@code egress+published-ports}.
 */
public record CreateRequest(
        String environment,
        Path seedPath,
        String name,
        Map<String, String> labels,
        int vcpuCount,
        int memMib,
        long ttlSeconds,
        Map<String, String> secrets,
        String networkPolicy) {

    public CreateRequest {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
        networkPolicy = NetworkPolicy.parse(networkPolicy).wireName();
    }

    /** Never prints secret values (records print themselves in errors and logs). */
    @Override
    public String toString() {
        return "CreateRequest[environment=" + environment + ", seedPath=" + seedPath + ", name=" + name + ", labels=" + labels
                + ", vcpuCount=" + vcpuCount + ", memMib=" + memMib + ", ttlSeconds=" + ttlSeconds + ", secrets="
                + secrets.keySet() + ", networkPolicy=" + networkPolicy + "]";
    }

    /** A secret the workspace keeps: usable through secret_env, redacted from every output. */
    public CreateRequest withSecret(String secretName, String value) {
        Map<String, String> all = new java.util.LinkedHashMap<>(secrets);
        all.put(secretName, value);
        return new CreateRequest(environment, seedPath, name, labels, vcpuCount, memMib, ttlSeconds, all, networkPolicy);
    }

    /** A secret read now from a UTF-8 host file (one trailing newline dropped). */
    public CreateRequest withSecretFile(String secretName, Path file) {
        return withSecret(secretName, WorkspaceSecrets.readFile(secretName, file));
    }

    public static CreateRequest of(String environment) {
        return new CreateRequest(environment, null, null, Map.of(), Contract.DEFAULT_VCPU_COUNT, Contract.DEFAULT_MEM_MIB,
                Contract.DEFAULT_WORKSPACE_TTL_SECONDS, Map.of(), Contract.DEFAULT_NETWORK_POLICY);
    }

    public CreateRequest withSeedPath(Path value) {
        return new CreateRequest(environment, value, name, labels, vcpuCount, memMib, ttlSeconds, secrets, networkPolicy);
    }

    public CreateRequest withName(String value) {
        return new CreateRequest(environment, seedPath, value, labels, vcpuCount, memMib, ttlSeconds, secrets, networkPolicy);
    }

    public CreateRequest withLabels(Map<String, String> value) {
        return new CreateRequest(environment, seedPath, name, value, vcpuCount, memMib, ttlSeconds, secrets, networkPolicy);
    }

    public CreateRequest withLabels(List<String> pairs) {
        return withLabels(WorkspaceNames.parseLabels(pairs));
    }

    public CreateRequest withVcpuCount(int value) {
        return new CreateRequest(environment, seedPath, name, labels, value, memMib, ttlSeconds, secrets, networkPolicy);
    }

    public CreateRequest withMemMib(int value) {
        return new CreateRequest(environment, seedPath, name, labels, vcpuCount, value, ttlSeconds, secrets, networkPolicy);
    }

    public CreateRequest withTtlSeconds(long value) {
        return new CreateRequest(environment, seedPath, name, labels, vcpuCount, memMib, value, secrets, networkPolicy);
    }

    /** What the workspace may reach: {@code off}, {@code egress} or {@code egress+published-ports}. */
    public CreateRequest withNetworkPolicy(String value) {
        return new CreateRequest(environment, seedPath, name, labels, vcpuCount, memMib, ttlSeconds, secrets, value);
    }
}
