package dev.pyro.agent;

import dev.pyro.common.Redactor;
import dev.pyro.protocol.ChannelStreams;
import dev.pyro.protocol.ExecRequest;
import dev.pyro.protocol.ExecResult;
import dev.pyro.protocol.Frame;
import dev.pyro.protocol.FrameReader;
import dev.pyro.protocol.FrameWriter;
import dev.pyro.protocol.Protocol;
import dev.pyro.protocol.ProtocolException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Accepts connections on the agent socket and serves one request per connection, each on its
 * own virtual thread, so requests run concurrently and a client that dies only ends its own
 * connection.
 */
final class AgentServer {
    /** Exit status of an agent that ends its sandbox because processes outran the killer. */
    static final int EXIT_OVERRUN = 70;

    private final Path socket;
    private final FileOps files;
    private final ArchiveOps archives;
    private final ManifestOp manifests;
    private final Redactor redactor;
    private final ShellOps shells;
    private final ServiceOps services;
    private final IdleTrim idleTrim = new IdleTrim();
    private final long startedAt = System.currentTimeMillis();

    AgentServer(Path socket, Path workspace, Path servicesDir, Path secretsDir) {
        this.socket = socket;
        this.redactor = SecretFiles.redactor(secretsDir);
        this.shells = new ShellOps(redactor);
        this.services = new ServiceOps(servicesDir, redactor);
        WorkspaceRoot root = new WorkspaceRoot(workspace);
        this.files = new FileOps(root);
        this.archives = new ArchiveOps(root);
        this.manifests = new ManifestOp(root);
    }

    void serve() throws IOException {
        Files.deleteIfExists(socket);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            AgentLog.info("listening on " + socket + " (pid " + ProcessHandle.current().pid() + ")");
            // New callers must find no agent (and so start a fresh sandbox) rather than one about to exit.
            ExecKiller.onOverrun(() -> {
                try {
                    Files.deleteIfExists(socket);
                } catch (IOException e) {
                    AgentLog.info("cannot remove " + socket + ": " + e.getMessage());
                }
            });
            idleTrim.start();
            while (true) {
                SocketChannel connection = server.accept();
                idleTrim.requestArrived();
                try {
                    Thread.ofVirtual().name("agent-connection").start(() -> handle(connection));
                } catch (OutOfMemoryError noThread) {
                    // Threads count against the sandbox's process limit: with none to spare
                    // (a fork bomb took them), serve this request here rather than drop it.
                    handle(connection);
                }
            }
        }
    }

    private void handle(SocketChannel connection) {
        try (connection) {
            FrameReader reader = new FrameReader(ChannelStreams.input(connection));
            FrameWriter writer = new FrameWriter(ChannelStreams.output(connection));
            Frame request;
            try {
                request = reader.read();
            } catch (ProtocolException e) {
                writer.write(error(Protocol.ERROR_BAD_REQUEST, e.getMessage()));
                return;
            }
            if (request != null) {
                dispatch(request, reader, writer);
            }
        } catch (IOException e) {
            // The client went away; its request, if any, was cancelled.
        }
        if (ExecKiller.overrun()) {
            // Answered; now end the PID namespace (this agent is its init's only child), which
            // kills every process in it at once.
            Runtime.getRuntime().halt(EXIT_OVERRUN);
        }
    }

    private void dispatch(Frame request, FrameReader reader, FrameWriter writer) throws IOException {
        String op = request.header().string(Protocol.OP, "");
        try {
            switch (op) {
                case Protocol.OP_PING -> writer.write(pong());
                case Protocol.OP_EXEC -> exec(request, reader, writer);
                case Protocol.OP_FILE_LIST -> files.list(request.header(), writer);
                case Protocol.OP_FILE_READ -> files.read(request.header(), writer);
                case Protocol.OP_FILES_APPLY -> files.apply(request.header(), request.payload(), writer);
                case Protocol.OP_TAR_EXPORT -> archives.export(request.header(), writer);
                case Protocol.OP_TAR_IMPORT -> archives.importArchive(request.header(), reader, writer);
                case Protocol.OP_MANIFEST -> manifests.manifest(request.header(), writer);
                case Protocol.OP_SHELL_OPEN -> shells.open(request.header(), writer);
                case Protocol.OP_SHELL_READ -> shells.read(request.header(), writer);
                case Protocol.OP_SHELL_WRITE -> shells.write(request.header(), request.payload(), writer);
                case Protocol.OP_SHELL_SIGNAL -> shells.signal(request.header(), writer);
                case Protocol.OP_SHELL_CLOSE -> shells.close(request.header(), writer);
                case Protocol.OP_SHELL_LIST -> shells.list(writer);
                case Protocol.OP_SERVICE_START -> services.start(request.header(), writer);
                case Protocol.OP_SERVICE_STATUS -> services.status(request.header(), writer);
                case Protocol.OP_SERVICE_LIST -> services.list(writer);
                case Protocol.OP_SERVICE_LOGS -> services.logs(request.header(), writer);
                case Protocol.OP_SERVICE_STOP -> services.stop(request.header(), writer);
                case Protocol.OP_KILL_PROCESSES -> {
                    Map<String, Object> result = ok();
                    result.put("killed", (long) ExecKiller.killAllButAgent());
                    writer.write(result);
                }
                default -> writer.write(error(Protocol.ERROR_UNKNOWN_OP, "unknown op \"" + op + "\"; this agent speaks "
                        + "ping, exec, file_list, file_read, files_apply, tar_export, tar_import, manifest, kill_processes, "
                        + "shell_open, shell_read, shell_write, shell_signal, shell_close, shell_list, "
                        + "service_start, service_status, service_list, service_logs, service_stop"));
            }
        } catch (ProtocolException e) {
            writer.write(error(Protocol.ERROR_BAD_REQUEST, e.getMessage()));
        } catch (AgentRequestException e) {
            writer.write(error(e.code(), e.getMessage()));
        } catch (java.nio.file.NoSuchFileException e) {
            writer.write(error(Protocol.ERROR_NOT_FOUND, "'" + e.getFile() + "' does not exist"));
        } catch (java.nio.file.AccessDeniedException e) {
            writer.write(error(Protocol.ERROR_IO, "permission denied: " + e.getFile()));
        } catch (IOException e) {
            // A file operation failed (no space left, read-only file system, ...): say so rather than
            // hang up. When it is the connection that failed, this write fails too and ends it.
            writer.write(error(Protocol.ERROR_IO, ioFailure(e)));
        } catch (OutOfMemoryError e) {
            // No thread (or memory) left for the request: the sandbox is overrun. Say so; the
            // agent then ends the sandbox and the next call starts a fresh one.
            ExecKiller.markOverrun();
            writer.write(error(Protocol.ERROR_INTERNAL, "the sandbox ran out of room for the agent (" + e.getMessage()
                    + "; a fork bomb?); it is ended and the next call starts a fresh one (/workspace is kept)"));
        } catch (RuntimeException e) {
            AgentLog.info("request " + op + " failed: " + e);
            writer.write(error(Protocol.ERROR_INTERNAL, "the agent failed: " + e));
        }
    }

    private static String ioFailure(IOException e) {
        if (e instanceof java.nio.file.FileSystemException fs && fs.getFile() != null) {
            return fs.getFile() + ": " + (fs.getReason() == null ? e.getClass().getSimpleName() : fs.getReason());
        }
        return String.valueOf(e.getMessage());
    }

    private void exec(Frame request, FrameReader reader, FrameWriter writer) throws IOException {
        ExecResult result = new ExecSession(ExecRequest.fromHeader(request.header()), redactor, reader, writer).run();
        if (result != null) {
            writer.write(result.toHeader(), result.payload());
        }
    }

    private Map<String, Object> pong() {
        Map<String, Object> pong = ok();
        pong.put("protocol", (long) Protocol.VERSION);
        pong.put("agent_version", AgentMain.version());
        pong.put("pid", ProcessHandle.current().pid());
        pong.put("uptime_ms", System.currentTimeMillis() - startedAt);
        pong.put("java_version", Runtime.version().toString());
        return pong;
    }

    static Map<String, Object> ok() {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put(Protocol.TYPE, Protocol.TYPE_RESULT);
        header.put("ok", true);
        return header;
    }

    /** A result carrying {@code fields}. */
    static Map<String, Object> ok(Map<String, Object> fields) {
        Map<String, Object> result = ok();
        result.putAll(fields);
        return result;
    }

    static Map<String, Object> error(String code, String message) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put(Protocol.TYPE, Protocol.TYPE_ERROR);
        header.put("ok", false);
        header.put("code", code);
        header.put("message", message);
        return header;
    }
}
