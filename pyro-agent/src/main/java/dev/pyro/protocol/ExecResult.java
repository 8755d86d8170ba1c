package dev.pyro.protocol;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The final frame of an {@code exec}. In capture mode the payload holds the rendered stdout
 * then the rendered stderr ({@code stdout_len} and {@code stderr_len} bytes); the byte counts
 * are always what the command wrote in total.
 */
public record ExecResult(
        int exitCode,
        boolean timedOut,
        long durationMs,
        long stdoutBytes,
        long stderrBytes,
        boolean stdoutTruncated,
        boolean stderrTruncated,
        byte[] stdout,
        byte[] stderr,
        boolean sandboxEnding) {

    /** The same result, saying that the agent ends its sandbox after answering (processes outran it). */
    public ExecResult endingSandbox() {
        return new ExecResult(exitCode, timedOut, durationMs, stdoutBytes, stderrBytes, stdoutTruncated, stderrTruncated,
                stdout, stderr, true);
    }

    public Map<String, Object> toHeader() {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put(Protocol.TYPE, Protocol.TYPE_RESULT);
        header.put("exit_code", (long) exitCode);
        header.put("timed_out", timedOut);
        header.put("duration_ms", durationMs);
        header.put("stdout_bytes", stdoutBytes);
        header.put("stderr_bytes", stderrBytes);
        header.put("stdout_truncated", stdoutTruncated);
        header.put("stderr_truncated", stderrTruncated);
        header.put("stdout_len", (long) stdout.length);
        header.put("stderr_len", (long) stderr.length);
        if (sandboxEnding) {
            header.put("sandbox_ending", true);
        }
        return header;
    }

    public byte[] payload() {
        byte[] payload = Arrays.copyOf(stdout, stdout.length + stderr.length);
        System.arraycopy(stderr, 0, payload, stdout.length, stderr.length);
        return payload;
    }

    public static ExecResult fromFrame(Frame frame) {
        Fields h = frame.header();
        long stdoutLen = h.longValue("stdout_len", 0);
        long stderrLen = h.longValue("stderr_len", 0);
        byte[] payload = frame.payload();
        if (stdoutLen < 0 || stderrLen < 0 || stdoutLen + stderrLen != payload.length) {
            throw new ProtocolException("exec result lengths do not match its payload");
        }
        return new ExecResult(
                h.intValue("exit_code", -1),
                h.bool("timed_out", false),
                h.longValue("duration_ms", 0),
                h.longValue("stdout_bytes", 0),
                h.longValue("stderr_bytes", 0),
                h.bool("stdout_truncated", false),
                h.bool("stderr_truncated", false),
                Arrays.copyOfRange(payload, 0, (int) stdoutLen),
                Arrays.copyOfRange(payload, (int) stdoutLen, payload.length),
                h.bool("sandbox_ending", false));
    }
}
