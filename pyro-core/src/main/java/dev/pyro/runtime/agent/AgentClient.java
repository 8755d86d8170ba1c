package dev.pyro.runtime.agent;

import dev.pyro.protocol.ChannelStreams;
import dev.pyro.protocol.ExecRequest;
import dev.pyro.protocol.ExecResult;
import dev.pyro.protocol.Fields;
import dev.pyro.protocol.Frame;
import dev.pyro.protocol.FrameReader;
import dev.pyro.protocol.FrameWriter;
import dev.pyro.protocol.OutputMode;
import dev.pyro.protocol.Protocol;
import dev.pyro.protocol.ProtocolException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
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
    public static final String TIMEOUT = "timeout";
    public static final String PROTOCOL = "protocol";

    private static final Duration CONTROL_DEADLINE = Duration.ofSeconds(10);
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

    /** Asks the agent to exit; the sandbox ends with it. */
    public void shutdown() {
        control(Protocol.OP_SHUTDOWN, CONTROL_DEADLINE);
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
        return call(request.toHeader(), deadline, (reader) -> {
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

    private Fields control(String op, Duration deadline) {
        return call(Map.of(Protocol.OP, op), deadline, reader -> {
            Frame frame = readFrame(reader);
            if (!frame.type().equals(Protocol.TYPE_RESULT)) {
                throw unexpected(frame);
            }
            return frame.header();
        });
    }

    private interface Exchange<T> {
        T receive(FrameReader reader) throws IOException;
    }

    private <T> T call(Map<String, Object> request, Duration deadline, Exchange<T> exchange) {
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
                throw new AgentException(UNREACHABLE, "the sandbox agent is not listening at " + socket + ": " + e.getMessage(), e);
            }
            new FrameWriter(ChannelStreams.output(channel)).write(request);
            return exchange.receive(new FrameReader(ChannelStreams.input(channel)));
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
