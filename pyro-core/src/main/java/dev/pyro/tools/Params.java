package dev.pyro.tools;

import dev.pyro.contract.Contract;

/** Parameters several tools share, described once. */
final class Params {
    static final String WORKSPACE_ID = "workspace_id";

    static final ToolParam WORKSPACE = ToolParam.string(WORKSPACE_ID, "Workspace id or unique name.").required();
    static final ToolParam TIMEOUT = ToolParam.integer("timeout_seconds", "Kill the command after this long.",
            Contract.DEFAULT_TIMEOUT_SECONDS, 1, Contract.MAX_TIMEOUT_SECONDS);
    static final ToolParam MAX_OUTPUT = ToolParam.integer("max_output_bytes",
            "Bytes of each stream to return (head and tail kept).", Contract.TOOL_OUTPUT_BUDGET_BYTES, 0,
            Contract.MAX_OUTPUT_BUDGET_BYTES);
    static final ToolParam VCPUS = ToolParam.integer("vcpu_count", "CPUs.", Contract.DEFAULT_VCPU_COUNT, 1,
            Contract.MAX_VCPU_COUNT).fullOnly();
    static final ToolParam MEMORY = ToolParam.integer("mem_mib", "Memory limit in MiB.", Contract.DEFAULT_MEM_MIB,
            Contract.MIN_MEM_MIB, Contract.MAX_MEM_MIB).fullOnly();
    static final ToolParam ENVIRONMENT = ToolParam.string("environment", "Environment to run in.")
            .withDefault(Contract.DEFAULT_ENVIRONMENT);
    static final ToolParam OFFSET = ToolParam.integer("offset", "Where to continue from (next_offset of the last call).",
            0, 0, Long.MAX_VALUE);

    static final ToolParam NETWORK = ToolParam.bool("network",
            "Allow outbound network access (never the host's own loopback).").fullOnly();

    static final ToolParam SECRET_ENV = ToolParam.stringMap("secret_env",
            "Secrets to hand over as environment variables: {\"SECRET_NAME\": \"ENV_VAR\"}.").fullOnly();

    private Params() {
    }

    /** The secret_env argument: secret name → variable name (empty when not given). */
    static java.util.Map<String, String> secretEnv(ToolArguments args) {
        return args.has(SECRET_ENV.name()) ? args.stringMap(SECRET_ENV.name()) : java.util.Map.of();
    }
}
