package dev.pyro.protocol;

/** Names shared by the agent and its clients; {@code docs/agent-protocol.md} describes them. */
public final class Protocol {
    public static final int VERSION = 1;

    public static final String OP = "op";
    public static final String PAYLOAD = "payload";
    public static final String TYPE = "type";

    public static final String OP_PING = "ping";
    public static final String OP_EXEC = "exec";
    public static final String OP_CANCEL = "cancel";
    public static final String OP_SHUTDOWN = "shutdown";

    public static final String TYPE_RESULT = "result";
    public static final String TYPE_ERROR = "error";
    public static final String TYPE_STDOUT = "stdout";
    public static final String TYPE_STDERR = "stderr";

    public static final String ERROR_BAD_REQUEST = "bad_request";
    public static final String ERROR_UNKNOWN_OP = "unknown_op";
    public static final String ERROR_EXEC_FAILED = "exec_failed";
    public static final String ERROR_INTERNAL = "internal";

    private Protocol() {
    }
}
