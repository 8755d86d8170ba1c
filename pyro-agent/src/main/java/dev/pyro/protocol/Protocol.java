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
    public static final String OP_FILE_LIST = "file_list";
    public static final String OP_FILE_READ = "file_read";
    public static final String OP_FILES_APPLY = "files_apply";
    public static final String OP_TAR_EXPORT = "tar_export";
    public static final String OP_TAR_IMPORT = "tar_import";
    public static final String OP_MANIFEST = "manifest";
    public static final String OP_KILL_PROCESSES = "kill_processes";
    public static final String OP_SHELL_OPEN = "shell_open";
    public static final String OP_SHELL_READ = "shell_read";
    public static final String OP_SHELL_WRITE = "shell_write";
    public static final String OP_SHELL_SIGNAL = "shell_signal";
    public static final String OP_SHELL_CLOSE = "shell_close";
    public static final String OP_SHELL_LIST = "shell_list";
    public static final String OP_SERVICE_START = "service_start";
    public static final String OP_SERVICE_STATUS = "service_status";
    public static final String OP_SERVICE_LIST = "service_list";
    public static final String OP_SERVICE_LOGS = "service_logs";
    public static final String OP_SERVICE_STOP = "service_stop";

    public static final String TYPE_RESULT = "result";
    public static final String TYPE_ERROR = "error";
    public static final String TYPE_STDOUT = "stdout";
    public static final String TYPE_STDERR = "stderr";
    public static final String TYPE_DATA = "data";
    public static final String TYPE_END = "end";

    public static final String ERROR_BAD_REQUEST = "bad_request";
    public static final String ERROR_UNKNOWN_OP = "unknown_op";
    public static final String ERROR_EXEC_FAILED = "exec_failed";
    /** No room for a new process (the process limit is taken); the agent ends its sandbox after saying so. */
    public static final String ERROR_SANDBOX_FULL = "sandbox_full";
    public static final String ERROR_INTERNAL = "internal";
    public static final String ERROR_NOT_FOUND = "not_found";
    public static final String ERROR_OUTSIDE_WORKSPACE = "outside_workspace";
    public static final String ERROR_WRONG_TYPE = "wrong_type";
    public static final String ERROR_BAD_ARCHIVE = "bad_archive";
    public static final String ERROR_IO = "io_error";
    public static final String ERROR_LIMIT = "limit_reached";
    public static final String ERROR_UNKNOWN_SHELL = "unknown_shell";
    public static final String ERROR_SHELL_EXITED = "shell_exited";
    public static final String ERROR_UNKNOWN_SERVICE = "unknown_service";
    public static final String ERROR_SERVICE_RUNNING = "service_running";

    private Protocol() {
    }
}
