package dev.pyro.runtime.agent;

import dev.pyro.protocol.ChannelStreams;
import dev.pyro.protocol.DataFrames;
import dev.pyro.protocol.ExecRequest;
import dev.pyro.protocol.ExecResult;
import dev.pyro.protocol.Fields;
import dev.pyro.protocol.Frame;
import dev.pyro.protocol.FrameReader;
import dev.pyro.protocol.FrameWriter;
import dev.pyro.protocol.Json;
import dev.pyro.protocol.OutputMode;
import dev.pyro.protocol.Protocol;
import dev.pyro.protocol.ProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The host side of the agent protocol. Each call opens its own connection, so calls from
 * many threads or processes run concurrently. Every call has a deadline after which the
 * connection is closed, which also tells the agent to stop the command. What the agent sends
 * is untrusted: frames are size-checked and validated.
 */
public final class AgentClient {
    public static final String UNREACHABLE = "unreachable";
    /** The connect failed: nothing listens (the agent is gone or not up yet); no request went out. */
    public static final String NOT_LISTENING = "not_listening";
    public static final String TIMEOUT = "timeout";
    public static final String PROTOCOL = "protocol";

    private static final Duration CONTROL_DEADLINE = Duration.ofSeconds(10);
    private static final Duration FILE_DEADLINE = Duration.ofMinutes(2);
    /** Archives and manifests of large trees take a while; a stuck agent still ends. */
    private static final Duration BULK_DEADLINE = Duration.ofHours(1);
    /** Slack beyond a command's own timeout for the agent to stop it and report. */
    private static final Duration EXEC_SLACK = Duration.ofSeconds(15);
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "pyro-agent-deadline");
        thread.setDaemon(true);
        return thread;
    });

    private final Path socket;

    public AgentClient(Path socket) {
        this.socket = socket;
    }

    public Fields ping() {
        return control(Protocol.OP_PING, CONTROL_DEADLINE);
    }

    public Fields ping(Duration deadline) {
        return control(Protocol.OP_PING, deadline);
    }

    /** Kills every process of the sandbox but the agent; returns how many there were. */
    public long killProcesses() {
        return control(Protocol.OP_KILL_PROCESSES, CONTROL_DEADLINE).longValue("killed", 0);
    }

    /**
     * Runs a command. In stream mode every chunk goes to {@code listener} as it arrives; the
     * returned result then carries counts only.
     */
    public ExecResult exec(ExecRequest request, OutputListener listener) {
        if (request.output() == OutputMode.STREAM && listener == null) {
            throw new IllegalArgumentException("stream mode needs an output listener");
        }
        Duration deadline = request.timeoutMs() > 0
                ? Duration.ofMillis(request.timeoutMs()).plus(EXEC_SLACK)
                : Duration.ofDays(365);
        return call(request.toHeader(), Frame.NO_PAYLOAD, deadline, NOTHING_MORE, (reader) -> {
            while (true) {
                Frame frame = readFrame(reader);
                switch (frame.type()) {
                    case Protocol.TYPE_STDOUT -> listener.stdout(frame.payload());
                    case Protocol.TYPE_STDERR -> listener.stderr(frame.payload());
                    case Protocol.TYPE_RESULT -> {
                        return ExecResult.fromFrame(frame);
                    }
                    default -> throw unexpected(frame);
                }
            }
        });
    }

    /** Lists a path: one entry, or a directory's entries (all levels when recursive). */
    public Listing list(String path, boolean recursive, int maxEntries) {
        Map<String, Object> request = request(Protocol.OP_FILE_LIST);
        request.put("path", path);
        request.put("recursive", recursive);
        request.put("max_entries", (long) maxEntries);
        Frame frame = call(request, Frame.NO_PAYLOAD, FILE_DEADLINE, NOTHING_MORE, AgentClient::result);
        return new Listing(frame.header().string("path", path), frame.header().bool("truncated", false), objects(frame));
    }

    /** A payload holding a JSON array of objects (the entries of a listing), as fields. */
    public static List<Fields> objects(Frame frame) {
        Object entries = Json.parse(new String(frame.payload(), StandardCharsets.UTF_8));
        if (!(entries instanceof List<?> list)) {
            throw new AgentException(PROTOCOL, "the agent's answer holds no list");
        }
        List<Fields> fields = new ArrayList<>();
        for (Object entry : list) {
            if (!(entry instanceof Map<?, ?> map)) {
                throw new AgentException(PROTOCOL, "an entry of the agent's list is not an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) map;
            fields.add(new Fields(typed));
        }
        return fields;
    }

    public record Listing(String path, boolean truncated, List<Fields> entries) {
    }

    /** Reads up to {@code maxBytes} of a regular file from {@code offset}. */
    public FileContent read(String path, long offset, int maxBytes) {
        Map<String, Object> request = request(Protocol.OP_FILE_READ);
        request.put("path", path);
        request.put("offset", offset);
        request.put("max_bytes", (long) maxBytes);
        Frame frame = call(request, Frame.NO_PAYLOAD, FILE_DEADLINE, NOTHING_MORE, AgentClient::result);
        Fields h = frame.header();
        return new FileContent(h.string("path", path), h.longValue("size", 0), h.longValue("offset", offset),
                h.bool("truncated", false), frame.payload());
    }

    public record FileContent(String path, long size, long offset, boolean truncated, byte[] data) {
    }

    /** A write (content, optional octal mode, -1 to keep or default) or a delete. */
    public record FileChange(String path, byte[] content, int mode, boolean delete) {
        public static FileChange write(String path, byte[] content) {
            return new FileChange(path, content, -1, false);
        }

        public static FileChange write(String path, byte[] content, int mode) {
            return new FileChange(path, content, mode, false);
        }

        public static FileChange delete(String path) {
            return new FileChange(path, new byte[0], -1, true);
        }
    }

    /** Applies writes and deletes together: the agent checks and stages all before changing any. */
    public void apply(List<FileChange> changes) {
        Map<String, Object> request = request(Protocol.OP_FILES_APPLY);
        List<Map<String, Object>> described = new ArrayList<>();
        java.io.ByteArrayOutputStream payload = new java.io.ByteArrayOutputStream();
        for (FileChange change : changes) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("path", change.path());
            item.put("action", change.delete() ? "delete" : "write");
            if (!change.delete()) {
                item.put("length", (long) change.content().length);
                payload.writeBytes(change.content());
                if (change.mode() >= 0) {
                    item.put("mode", (long) change.mode());
                }
            }
            described.add(item);
        }
        request.put("changes", described);
        call(request, payload.toByteArray(), FILE_DEADLINE, NOTHING_MORE, AgentClient::result);
    }

    /** Streams {@code path} as a tar archive into {@code sink}; returns the result header. */
    public Fields exportTar(String path, OutputStream sink) {
        Map<String, Object> request = request(Protocol.OP_TAR_EXPORT);
        request.put("path", path);
        return call(request, Frame.NO_PAYLOAD, BULK_DEADLINE, NOTHING_MORE, reader -> {
            DataFrames.input(reader).transferTo(sink);
            return result(reader).header();
        });
    }

    /** Sends a tar archive to be extracted at {@code dest} inside the sandbox. */
    public Fields importTar(String dest, InputStream archive) {
        return importTar(dest, archive, false);
    }

    /** With {@code restore}, {@code dest} ends up holding exactly the archive (unchanged files are kept). */
    public Fields importTar(String dest, InputStream archive, boolean restore) {
        Map<String, Object> request = request(Protocol.OP_TAR_IMPORT);
        request.put("dest", dest);
        request.put("restore", restore);
        return call(request, Frame.NO_PAYLOAD, BULK_DEADLINE, writer -> {
            try (OutputStream data = DataFrames.output(writer)) {
                archive.transferTo(data);
            }
        }, reader -> result(reader).header());
    }

    /** The manifest of {@code path}: one entry per file, directory and link below it. */
    public List<Fields> manifest(String path) {
        Map<String, Object> request = request(Protocol.OP_MANIFEST);
        request.put("path", path);
        return call(request, Frame.NO_PAYLOAD, BULK_DEADLINE, NOTHING_MORE, reader -> {
            List<Fields> entries = new ArrayList<>();
            java.io.BufferedReader lines = new java.io.BufferedReader(
                    new java.io.InputStreamReader(DataFrames.input(reader), StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isEmpty()) {
                    entries.add(new Fields(Json.parseObject(line)));
                }
            }
            result(reader);
            return entries;
        });
    }

    /**
     * A request answered by one result frame, for the operations on shells and services:
     * {@code fields} join the header, {@code payload} follows it.
     */
    public Frame send(String op, Map<String, Object> fields, byte[] payload, Duration deadline) {
        Map<String, Object> request = request(op);
        request.putAll(fields);
        return call(request, payload, deadline, NOTHING_MORE, AgentClient::result);
    }

    private Fields control(String op, Duration deadline) {
        return call(request(op), Frame.NO_PAYLOAD, deadline, NOTHING_MORE, reader -> result(reader).header());
    }

    private static Map<String, Object> request(String op) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put(Protocol.OP, op);
        return request;
    }

    private static Frame result(FrameReader reader) throws IOException {
        Frame frame = readFrame(reader);
        if (!frame.type().equals(Protocol.TYPE_RESULT)) {
            throw unexpected(frame);
        }
        return frame;
    }

    private interface Exchange<T> {
        T receive(FrameReader reader) throws IOException;
    }

    /** Frames a request sends after its header frame (the data of an import). */
    private interface Sender {
        void send(FrameWriter writer) throws IOException;
    }

    private static final Sender NOTHING_MORE = writer -> { };

    private <T> T call(Map<String, Object> request, byte[] payload, Duration deadline, Sender sender, Exchange<T> exchange) {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            throw new AgentException(UNREACHABLE, "cannot open a socket: " + e.getMessage(), e);
        }
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            expired.set(true);
            closeQuietly(channel);
        }, deadline.toMillis(), TimeUnit.MILLISECONDS);
        try (channel) {
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                throw new AgentException(NOT_LISTENING, "the sandbox agent is not listening at " + socket + ": " + e.getMessage(), e);
            }
            FrameWriter writer = new FrameWriter(ChannelStreams.output(channel));
            writer.write(request, payload);
            sender.send(writer);
            return exchange.receive(new FrameReader(ChannelStreams.input(channel)));
        } catch (DataFrames.RemoteErrorException e) {
            throw new AgentException(e.code(), e.getMessage());
        } catch (ProtocolException e) {
            throw new AgentException(PROTOCOL, "the sandbox agent broke the protocol: " + e.getMessage(), e);
        } catch (IOException e) {
            if (expired.get()) {
                throw new AgentException(TIMEOUT, "the sandbox agent did not answer within " + deadline.toSeconds() + " s", e);
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new AgentException("interrupted", "interrupted while waiting for the sandbox agent", e);
            }
            throw new AgentException(UNREACHABLE, "lost the connection to the sandbox agent: " + e.getMessage(), e);
        } finally {
            watchdog.cancel(false);
        }
    }

    private static Frame readFrame(FrameReader reader) throws IOException {
        Frame frame = reader.read();
        if (frame == null) {
            throw new IOException("the agent closed the connection without an answer");
        }
        if (frame.type().equals(Protocol.TYPE_ERROR)) {
            throw new AgentException(frame.header().string("code", "error"), frame.header().string("message", "agent error"));
        }
        return frame;
    }

    private static AgentException unexpected(Frame frame) {
        return new AgentException(PROTOCOL, "unexpected frame type \"" + frame.type() + "\" from the sandbox agent");
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Already closed.
        }
    }
}
