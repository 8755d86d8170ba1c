package dev.pyro.workspace;

import dev.pyro.io.FileLocks;
import dev.pyro.PyroException;
import dev.pyro.contract.Contract;
import dev.pyro.io.JsonLines;
import dev.pyro.io.StateErrors;
import dev.pyro.protocol.ExecRequest;
import dev.pyro.protocol.ExecResult;
import dev.pyro.protocol.HeadTailBuffer;
import dev.pyro.protocol.OutputMode;
import dev.pyro.runtime.agent.AgentClient;
import dev.pyro.runtime.agent.AgentException;
import dev.pyro.runtime.agent.OutputListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/** Commands in a workspace and their journal. */
public final class WorkspaceCommands {
    private final WorkspaceContext context;

    WorkspaceCommands(WorkspaceContext context) {
        this.context = context;
    }

    /** How to run a command: working directory, timeout, bytes of each stream kept in the result. */
    public record ExecOptions(String cwd, int timeoutSeconds, int maxOutputBytes, Map<String, String> secretEnv) {
        public ExecOptions {
            secretEnv = secretEnv == null ? Map.of() : Map.copyOf(secretEnv);
            if (timeoutSeconds < 1 || timeoutSeconds > Contract.MAX_TIMEOUT_SECONDS) {
                throw PyroException.invalidArgument("timeout must be between 1 and " + Contract.MAX_TIMEOUT_SECONDS + " seconds");
            }
            if (maxOutputBytes < 0 || maxOutputBytes > Contract.MAX_OUTPUT_BUDGET_BYTES) {
                throw PyroException.invalidArgument("max output bytes must be between 0 and " + Contract.MAX_OUTPUT_BUDGET_BYTES);
            }
        }

        public static ExecOptions defaults() {
            return new ExecOptions(Contract.WORKSPACE_GUEST_PATH, Contract.DEFAULT_TIMEOUT_SECONDS, Contract.DEFAULT_OUTPUT_BUDGET_BYTES,
                    Map.of());
        }

        public ExecOptions withCwd(String value) {
            return new ExecOptions(value, timeoutSeconds, maxOutputBytes, secretEnv);
        }

        public ExecOptions withTimeoutSeconds(int value) {
            return new ExecOptions(cwd, value, maxOutputBytes, secretEnv);
        }

        public ExecOptions withMaxOutputBytes(int value) {
            return new ExecOptions(cwd, timeoutSeconds, value, secretEnv);
        }

        /** Secrets handed to the command as environment variables: secret name → variable name. */
        public ExecOptions withSecretEnv(Map<String, String> value) {
            return new ExecOptions(cwd, timeoutSeconds, maxOutputBytes, value);
        }
    }

    /** A finished command: head and tail of its output; the journal keeps all of it. */
    public record ExecOutcome(
            String workspaceId,
            long sequence,
            String command,
            String cwd,
            int exitCode,
            boolean timedOut,
            long durationMs,
            String stdout,
            String stderr,
            long stdoutBytes,
            long stderrBytes,
            boolean stdoutTruncated,
            boolean stderrTruncated,
            String executionMode) {
    }

    /**
     * Runs {@code command} with {@code sh -lc} (in /workspace unless told otherwise). Output
     * streams to {@code live} as it arrives (may be null) and to the journal in full.
     */
    public ExecOutcome exec(String reference, String command, ExecOptions options, OutputListener live) {
        if (command == null || command.isBlank()) {
            throw PyroException.invalidArgument("no command given; e.g. pyro workspace exec ID -- make test");
        }
        WorkspaceRecord record = context.resolve(reference);
        WorkspaceLayout layout = context.store.layout(record.workspaceId());
        String startedAt = context.now();
        HeadTailBuffer stdout = new HeadTailBuffer(options.maxOutputBytes());
        HeadTailBuffer stderr = new HeadTailBuffer(options.maxOutputBytes());
        RunningOutputs.sweepAbandoned(layout.journalOutputs());
        String running = RunningOutputs.newName();
        Path outTemp = layout.journalOutputs().resolve(running + ".stdout");
        Path errTemp = layout.journalOutputs().resolve(running + ".stderr");
        ExecResult result;
        long sequence;
        try {
            result = run(record, layout, command, options, live, stdout, stderr, outTemp, errTemp);
            sequence = record(layout, record.workspaceId(), command, options.cwd(), startedAt, result, outTemp, errTemp);
        } finally {
            RunningOutputs.delete(outTemp, errTemp);
        }
        return new ExecOutcome(record.workspaceId(), sequence, command, options.cwd(), result.exitCode(), result.timedOut(),
                result.durationMs(), text(stdout), text(stderr), stdout.total(), stderr.total(), stdout.truncated(),
                stderr.truncated(), record.executionMode());
    }

    /** Runs the command, its output going to the journal's running files, the head-tail buffers and {@code live}. */
    private ExecResult run(WorkspaceRecord record, WorkspaceLayout layout, String command, ExecOptions options, OutputListener live,
                           HeadTailBuffer stdout, HeadTailBuffer stderr, Path outTemp, Path errTemp) {
        try {
            Files.createDirectories(layout.journalOutputs());
            try (OutputStream outFile = Files.newOutputStream(outTemp); OutputStream errFile = Files.newOutputStream(errTemp)) {
                OutputListener journal = new OutputListener() {
                    @Override
                    public void stdout(byte[] chunk) {
                        keep(outFile, stdout, chunk);
                        if (live != null) {
                            live.stdout(chunk);
                        }
                    }

                    @Override
                    public void stderr(byte[] chunk) {
                        keep(errFile, stderr, chunk);
                        if (live != null) {
                            live.stderr(chunk);
                        }
                    }
                };
                ExecRequest request = new ExecRequest(List.of("sh", "-lc", command), options.cwd(),
                        context.secrets.environment(record, options.secretEnv()),
                        options.timeoutSeconds() * 1000L, OutputMode.STREAM, 0, 0);
                ExecResult result = context.call(record, agent -> {
                    try {
                        return agent.exec(request, journal);
                    } catch (AgentException e) {
                        throw AgentClient.TIMEOUT.equals(e.code()) ? overrun(record, options) : e;
                    }
                });
                if (result.sandboxEnding()) {
                    context.sandboxEnding(record, "processes kept re-forking faster than they could be stopped (a fork bomb?), "
                            + "seen as command '" + context.secrets.redactor(record).redact(command) + "' ended");
                }
                return result;
            }
        } catch (IOException e) {
            throw StateErrors.unwritable("write the command journal of " + record.workspaceId(), e);
        } catch (UncheckedIOException e) {
            throw StateErrors.unwritable("write the command journal of " + record.workspaceId(), e.getCause());
        }
    }

    /**
     * The agent did not answer even well after the command's timeout: its sandbox is overrun
     * (processes starve it of CPU, say a fork bomb). It is stopped; the next call starts a fresh one.
     */
    private PyroException overrun(WorkspaceRecord record, ExecOptions options) {
        context.sandboxEnding(record, "the agent did not answer after the command's " + options.timeoutSeconds()
                + " s timeout (processes overran the sandbox?)");
        return new PyroException("sandbox_overrun", "the sandbox of workspace " + record.workspaceId()
                + " stopped answering during the command (its processes overran it, e.g. a fork bomb); it was stopped",
                "run the next command as usual: a fresh sandbox starts and /workspace is kept");
    }

    /**
     * Numbers the finished command and files it, in one step under the workspace's lock: the
     * journal is in completion order, and each command costs a single record write.
     */
    private long record(WorkspaceLayout layout, String id, String command, String cwd, String startedAt, ExecResult result,
                        Path outTemp, Path errTemp) {
        return FileLocks.withLock(layout.lock(), () -> {
            WorkspaceRecord current = context.store.read(id).orElseThrow(() -> WorkspaceContext.gone(id));
            long sequence = current.nextSequence();
            try {
                Files.move(outTemp, layout.journalOutput(sequence, "stdout"), StandardCopyOption.REPLACE_EXISTING);
                Files.move(errTemp, layout.journalOutput(sequence, "stderr"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw StateErrors.unwritable("file the output of command " + sequence, e);
            }
            JsonLines.append(layout.journal(), new JournalEntry(sequence, context.secrets.redactor(current).redact(command), cwd, startedAt, result.durationMs(),
                    result.exitCode(), result.timedOut(), result.stdoutBytes(), result.stderrBytes()));
            context.store.write(current.withNextSequence(sequence + 1)
                    .withCommand(new LastCommand(sequence, context.secrets.redactor(current).redact(command), result.exitCode()),
                            context.now()));
            return sequence;
        });
    }

    private static void keep(OutputStream file, HeadTailBuffer buffer, byte[] chunk) {
        try {
            file.write(chunk);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        buffer.append(chunk, 0, chunk.length);
    }

    private static String text(HeadTailBuffer buffer) {
        return new String(buffer.render(), StandardCharsets.UTF_8);
    }

    /** The journal since the last reset, oldest first. */
    public record Logs(String workspaceId, int count, List<JournalEntry> entries) {
    }

    public Logs logs(String reference) {
        WorkspaceRecord record = context.resolve(reference);
        List<JournalEntry> entries = JsonLines.read(context.store.layout(record.workspaceId()).journal(), JournalEntry.class);
        return new Logs(record.workspaceId(), entries.size(), entries);
    }

    /** One command's full output, read from {@code offset} in pages of {@code maxBytes} per stream. */
    public record CommandOutput(
            String workspaceId,
            JournalEntry entry,
            long offset,
            String stdout,
            String stderr,
            boolean stdoutMore,
            boolean stderrMore) {
    }

    public CommandOutput output(String reference, long sequence, long offset, int maxBytes) {
        if (offset < 0 || maxBytes < 1) {
            throw PyroException.invalidArgument("offset must be >= 0 and max bytes >= 1");
        }
        WorkspaceRecord record = context.resolve(reference);
        WorkspaceLayout layout = context.store.layout(record.workspaceId());
        List<JournalEntry> entries = JsonLines.read(layout.journal(), JournalEntry.class);
        JournalEntry entry = entries.stream().filter(e -> e.sequence() == sequence).findFirst()
                .orElseThrow(() -> new PyroException("not_found", "workspace " + record.workspaceId() + " has no command "
                        + sequence + " in its journal" + (entries.isEmpty() ? " (it is empty)" : "; it has "
                        + entries.get(0).sequence() + ".." + entries.get(entries.size() - 1).sequence()),
                        "run 'pyro workspace logs " + record.workspaceId() + "'"));
        Page out = page(layout.journalOutput(sequence, "stdout"), offset, maxBytes);
        Page err = page(layout.journalOutput(sequence, "stderr"), offset, maxBytes);
        return new CommandOutput(record.workspaceId(), entry, offset, out.text(), err.text(), out.more(), err.more());
    }

    private record Page(String text, boolean more) {
    }

    private static Page page(Path file, long offset, int maxBytes) {
        if (!Files.exists(file)) {
            return new Page("", false);
        }
        try (InputStream in = Files.newInputStream(file)) {
            long size = Files.size(file);
            in.skipNBytes(Math.min(offset, size));
            byte[] data = in.readNBytes(maxBytes);
            return new Page(new String(data, StandardCharsets.UTF_8), offset + data.length < size);
        } catch (IOException e) {
            throw new PyroException("state_unreadable", "cannot read " + file + ": " + e.getMessage(), null);
        }
    }

}
