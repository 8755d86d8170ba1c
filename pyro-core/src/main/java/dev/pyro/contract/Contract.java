package dev.pyro.contract;

import java.util.List;

/**
 * Every public name and default in one place. The CLI, the SDK and the docs follow it, and
 * tests check that they agree with it.
 */
public final class Contract {
    /** Top-level and nested CLI commands, space separated, in help order. */
    public static final List<String> CLI_COMMANDS = List.of(
            "run",
            "workspace",
            "workspace create",
            "workspace list",
            "workspace status",
            "workspace update",
            "workspace exec",
            "workspace logs",
            "workspace sync",
            "workspace sync push",
            "workspace file",
            "workspace file list",
            "workspace file read",
            "workspace file write",
            "workspace file edit",
            "workspace patch",
            "workspace patch apply",
            "workspace diff",
            "workspace export",
            "workspace snapshot",
            "workspace snapshot create",
            "workspace snapshot list",
            "workspace snapshot delete",
            "workspace reset",
            "workspace summary",
            "workspace stop",
            "workspace start",
            "workspace disk",
            "workspace disk list",
            "workspace disk read",
            "workspace disk export",
            "workspace shell",
            "workspace shell open",
            "workspace shell read",
            "workspace shell write",
            "workspace shell signal",
            "workspace shell close",
            "workspace shell list",
            "workspace service",
            "workspace service start",
            "workspace service list",
            "workspace service status",
            "workspace service logs",
            "workspace service stop",
            "workspace delete",
            "mcp",
            "mcp serve",
            "mcp budget",
            "host",
            "host print-config",
            "vm",
            "vm create",
            "vm start",
            "vm exec",
            "vm status",
            "vm network-info",
            "vm stop",
            "vm delete",
            "vm reap-expired",
            "doctor",
            "env",
            "env list",
            "env pull",
            "env inspect",
            "env prune");

    /** Flags of {@code pyro run}, besides {@code --help}. */
    public static final List<String> CLI_RUN_FLAGS = List.of(
            "--timeout-seconds",
            "--vcpu-count",
            "--mem-mib",
            "--max-output-bytes",
            "--network",
            "--pull",
            "--allow-host-compat",
            "--json");

    public static final String DEFAULT_ENVIRONMENT = "host";
    public static final int DEFAULT_TIMEOUT_SECONDS = 30;
    public static final int DEFAULT_VCPU_COUNT = 1;
    public static final int DEFAULT_MEM_MIB = 1024;
    public static final int DEFAULT_PIDS_LIMIT = 512;
    /** Bytes of each output stream kept for model-facing and JSON results (head and tail). */
    public static final int DEFAULT_OUTPUT_BUDGET_BYTES = 64 * 1024;
    public static final int MAX_OUTPUT_BUDGET_BYTES = 4 * 1024 * 1024;
    public static final int MAX_VCPU_COUNT = 64;
    public static final int MIN_MEM_MIB = 64;
    public static final int MAX_MEM_MIB = 1024 * 1024;
    public static final int MAX_TIMEOUT_SECONDS = 24 * 60 * 60;

    public static final String WORKSPACE_GUEST_PATH = "/workspace";
    /** Workspaces idle this long are removed on the next call that lists or touches workspaces. */
    public static final long DEFAULT_WORKSPACE_TTL_SECONDS = 24 * 60 * 60;
    /** Standalone sandboxes (vm_create) expire after this long; vm_reap_expired removes them. */
    public static final long DEFAULT_VM_TTL_SECONDS = 600;
    public static final int DEFAULT_FILE_READ_MAX_BYTES = 64 * 1024;
    public static final int MAX_FILE_BYTES = 16 * 1024 * 1024;
    /** Entries a file listing returns at most (then {@code truncated}). */
    public static final int MAX_LIST_ENTRIES = 2000;
    /** Text files a diff writes patch text for at most, and bytes of patch text (then {@code patch_truncated}). */
    public static final int MAX_DIFF_PATCH_FILES = 500;
    public static final int MAX_DIFF_PATCH_BYTES = 8 * 1024 * 1024;
    public static final String SANDBOX_HOSTNAME = "pyro";

    /** Shells: terminal size, read page, the quiet window a read may wait for, and signals. */
    public static final int DEFAULT_SHELL_COLS = 120;
    public static final int DEFAULT_SHELL_ROWS = 30;
    public static final int MAX_SHELL_SIZE = 1000;
    public static final int DEFAULT_SHELL_READ_MAX_CHARS = 65536;
    public static final int MAX_SHELL_READ_CHARS = 1 << 20;
    public static final int MAX_SHELL_IDLE_MS = 10_000;
    /** What {@code --plain --wait-for-idle-ms} recommends: enough for a prompt to come back. */
    public static final int SUGGESTED_SHELL_IDLE_MS = 300;
    public static final String DEFAULT_SHELL_SIGNAL = "INT";
    public static final List<String> SHELL_SIGNALS = List.of("HUP", "INT", "TERM", "KILL");

    /** Services: how long start waits for readiness, how often it checks, how much of the logs a read shows. */
    public static final int DEFAULT_SERVICE_READY_TIMEOUT_SECONDS = 30;
    public static final int MAX_SERVICE_READY_TIMEOUT_SECONDS = 3600;
    public static final int DEFAULT_SERVICE_READY_INTERVAL_MS = 500;
    public static final int DEFAULT_SERVICE_LOG_TAIL_LINES = 20;
    public static final int MAX_SERVICE_LOG_TAIL_LINES = 100_000;

    /**
     * Model-facing budgets (MCP tools): smaller than the CLI's, because every byte lands in a
     * model's context. Whatever a budget cuts stays readable through a continuation
     * ({@code workspace_logs}, {@code offset}), and results say so.
     */
    public static final int TOOL_OUTPUT_BUDGET_BYTES = 16 * 1024;
    public static final int TOOL_PAGE_BYTES = 32 * 1024;
    public static final int TOOL_LIST_ENTRIES = 500;
    public static final int TOOL_LOG_ENTRIES = 50;
    public static final String MCP_SERVER_NAME = "pyro";
    /** Chat hosts {@code pyro host print-config} knows. */
    public static final List<String> MCP_HOSTS = List.of("claude-code", "codex", "opencode", "generic");
    public static final String MCP_ENDPOINT = "/mcp";
    public static final String MCP_DEFAULT_HOST = "127.0.0.1";
    public static final int MCP_DEFAULT_PORT = 8765;

    /**
     * Network policies. {@code off}: only loopback. {@code egress}: outbound connections through
     * a user-mode network stack (slirp4netns), never to the host's own loopback.
     * {@code egress+published-ports}: also services' ports published on the host's 127.0.0.1.
     */
    public static final String NETWORK_OFF = "off";
    public static final String NETWORK_EGRESS = "egress";
    public static final String NETWORK_EGRESS_PUBLISHED_PORTS = "egress+published-ports";
    public static final List<String> NETWORK_POLICIES = List.of(NETWORK_OFF, NETWORK_EGRESS, NETWORK_EGRESS_PUBLISHED_PORTS);
    public static final String DEFAULT_NETWORK_POLICY = NETWORK_OFF;
    /** Where published ports listen on the host: loopback only. */
    public static final String PUBLISHED_PORT_HOST_ADDRESS = "127.0.0.1";
    /** The sandbox's address, gateway and resolver on the user-mode network (slirp4netns' defaults). */
    public static final String SANDBOX_NETWORK_ADDRESS = "10.0.2.100";
    public static final String SANDBOX_NETWORK_GATEWAY = "10.0.2.2";
    public static final String SANDBOX_NETWORK_DNS = "10.0.2.3";
    public static final int MAX_PUBLISHED_PORTS_PER_SERVICE = 8;
    /**
     * Destinations egress never reaches: link-local (cloud instance metadata at 169.254.169.254,
     * which hands out credentials) and Alibaba Cloud's metadata address.
     */
    public static final List<String> BLOCKED_EGRESS = List.of("169.254.0.0/16", "100.100.100.200/32");

    public static final String EXECUTION_MODE_BWRAP = "bwrap";
    public static final String EXECUTION_MODE_HOST_COMPAT = "host_compat";

    /** Exit codes the CLI uses for its own outcomes; a command's own code passes through. */
    public static final int EXIT_ERROR = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_TIMEOUT = 124;
    public static final int EXIT_RUN_FAILED = 125;
    public static final int EXIT_NOT_FOUND = 127;

    /** Overrides, read once at start-up. */
    public static final String ENV_HOME = "PYRO_HOME";
    public static final String ENV_CACHE_DIR = "PYRO_CACHE_DIR";
    public static final String ENV_BWRAP = "PYRO_BWRAP";
    public static final String ENV_LIMITS = "PYRO_LIMITS";
    /** The Debian mirror {@code pyro env pull} builds from (default http://deb.debian.org/debian). */
    public static final String ENV_DEBIAN_MIRROR = "PYRO_DEBIAN_MIRROR";

    private Contract() {
    }
}
