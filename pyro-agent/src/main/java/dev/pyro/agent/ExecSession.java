package dev.pyro.agent;

import dev.pyro.common.CommandLocator;
import dev.pyro.common.Drain;
import dev.pyro.common.Redactor;
import dev.pyro.protocol.ExecRequest;
import dev.pyro.protocol.ExecResult;
import dev.pyro.protocol.Frame;
import dev.pyro.protocol.FrameReader;
import dev.pyro.protocol.FrameWriter;
import dev.pyro.protocol.HeadTailBuffer;
import dev.pyro.protocol.OutputMode;
import dev.pyro.protocol.Protocol;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one command for one connection: output drained from both pipes at once, a timeout,
 * and cancellation when the client sends {@code cancel} or goes away. When the command
 * exits, whatever it left running is stopped ({@link ExecKiller}), so an exec always finishes.
 */
final class ExecSession {
    static final int TIMEOUT_EXIT_CODE = 124;
    static final int NOT_FOUND_EXIT_CODE = 127;
    /** How long to wait for output after the exec's processes are stopped; see {@link Drain#join}. */
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(2);

    private final ExecRequest request;
    private final Redactor redactor;
    private final FrameReader reader;
    private final FrameWriter writer;
    private final String execId = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
    private final CompletableFuture<String> cancelled = new CompletableFuture<>();

    ExecSession(ExecRequest request, Redactor redactor, FrameReader reader, FrameWriter writer) {
        this.request = request;
        this.redactor = redactor;
        this.reader = reader;
        this.writer = writer;
    }

    /** Returns the result to send, or null when the client cancelled or went away. */
    ExecResult run() throws IOException {
        Path cwd = Path.of(request.cwd());
        if (!cwd.isAbsolute() || !Files.isDirectory(cwd)) {
            throw new AgentRequestException(Protocol.ERROR_EXEC_FAILED,
                    "working directory " + request.cwd() + " does not exist in the sandbox");
        }
        String command = request.argv().get(0);
        if (CommandLocator.locateHere(command, request.env().get("PATH"), cwd) == CommandLocator.Lookup.NOT_FOUND) {
            return notFound(command);
        }
        long started = System.nanoTime();
        Process process = start(cwd);
        Thread.ofVirtual().name("exec-cancel-watch").start(this::watchForCancel);
        Sink stdout = sinkFor(Protocol.TYPE_STDOUT, request.stdoutBudget());
        Sink stderr = sinkFor(Protocol.TYPE_STDERR, request.stderrBudget());
        Thread outDrain = Drain.start(process.getInputStream(), redactor, stdout::accept);
        Thread errDrain = Drain.start(process.getErrorStream(), redactor, stderr::accept);

        boolean timedOut = false;
        try {
            CompletableFuture<Object> done = CompletableFuture.anyOf(process.onExit(), cancelled);
            if (request.timeoutMs() > 0) {
                done.get(request.timeoutMs(), TimeUnit.MILLISECONDS);
            } else {
                done.get();
            }
        } catch (TimeoutException e) {
            timedOut = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | OutOfMemoryError e) {
            // No thread to wait with (the process limit is reached): stop the command now.
            AgentLog.info("cannot wait for exec " + execId + " (" + e + "); stopping it");
        } finally {
            ExecKiller.kill(execId, process.pid());
        }
        long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        Drain.join(DRAIN_GRACE, outDrain, errDrain);
        if (ExecKiller.overrun()) {
            byte[] notice = ("\npyro: processes this command started kept re-forking faster than they could be stopped "
                    + "(a fork bomb?); the sandbox is ended and the next call starts a fresh one (/workspace is kept)\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            stderr.accept(notice, notice.length);
        }
        if (cancelled.isDone()) {
            AgentLog.info("exec cancelled (" + cancelled.getNow("") + "): " + command);
            return null;
        }
        int exitCode = timedOut ? TIMEOUT_EXIT_CODE : process.exitValue();
        ExecResult result = new ExecResult(exitCode, timedOut, durationMs,
                stdout.total(), stderr.total(), stdout.truncated(), stderr.truncated(),
                stdout.rendered(), stderr.rendered(), false);
        return ExecKiller.overrun() ? result.endingSandbox() : result;
    }

    private Process start(Path cwd) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(request.argv())
                .directory(cwd.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return ExecKiller.start(builder, request.env(), execId, request.argv().get(0));
    }

    private ExecResult notFound(String command) throws IOException {
        byte[] message = ("pyro-agent: command not found: " + command + "\n").getBytes(StandardCharsets.UTF_8);
        Sink stderr = sinkFor(Protocol.TYPE_STDERR, request.stderrBudget());
        stderr.accept(message, message.length);
        return new ExecResult(NOT_FOUND_EXIT_CODE, false, 0, 0, message.length,
                false, stderr.truncated(), new byte[0], stderr.rendered(), false);
    }

    /** Client frames during an exec: {@code cancel}, or the end of the connection. */
    private void watchForCancel() {
        try {
            Frame frame = reader.read();
            if (frame == null) {
                cancelled.complete("client disconnected");
            } else if (Protocol.OP_CANCEL.equals(frame.header().string(Protocol.OP, ""))) {
                cancelled.complete("client sent cancel");
            } else {
                cancelled.complete("client sent an unexpected frame during exec");
            }
        } catch (IOException | RuntimeException e) {
            cancelled.complete("connection failed: " + e.getMessage());
        }
    }

    private Sink sinkFor(String type, int budget) {
        return request.output() == OutputMode.STREAM ? new StreamSink(type) : new CaptureSink(budget);
    }

    private interface Sink {
        void accept(byte[] bytes, int length);

        long total();

        boolean truncated();

        byte[] rendered();
    }

    private static final class CaptureSink implements Sink {
        private final HeadTailBuffer buffer;

        CaptureSink(int budget) {
            buffer = new HeadTailBuffer(budget);
        }

        @Override
        public void accept(byte[] bytes, int length) {
            buffer.append(bytes, 0, length);
        }

        @Override
        public long total() {
            return buffer.total();
        }

        @Override
        public boolean truncated() {
            return buffer.truncated();
        }

        @Override
        public byte[] rendered() {
            return buffer.render();
        }
    }

    /** Forwards every chunk; after the client is gone it keeps draining and drops the bytes. */
    private final class StreamSink implements Sink {
        private final Map<String, Object> header;
        private long total;
        private volatile boolean broken;

        StreamSink(String type) {
            header = Map.of(Protocol.TYPE, type);
        }

        @Override
        public void accept(byte[] bytes, int length) {
            total += length;
            if (broken) {
                return;
            }
            try {
                writer.write(header, bytes, 0, length);
            } catch (IOException e) {
                broken = true;
                cancelled.complete("client stopped reading: " + e.getMessage());
            }
        }

        @Override
        public long total() {
            return total;
        }

        @Override
        public boolean truncated() {
            return false;
        }

        @Override
        public byte[] rendered() {
            return new byte[0];
        }
    }
}
