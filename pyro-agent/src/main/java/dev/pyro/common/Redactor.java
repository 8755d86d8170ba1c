package dev.pyro.common;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Replaces secret values with {@code [REDACTED]}, in whole texts or in a stream of chunks.
 * A stream holds back only what could be the start of a secret cut by a chunk boundary, so a
 * value split across two reads of a pipe is still caught, and nothing else is delayed.
 */
public final class Redactor {
    public static final String MARK = "[REDACTED]";
    private static final byte[] MARK_BYTES = MARK.getBytes(StandardCharsets.UTF_8);
    private static final Redactor NONE = new Redactor(List.of());

    private final List<byte[]> secrets;

    private Redactor(List<byte[]> secrets) {
        this.secrets = secrets;
    }

    /** Redacts {@code values} (empty ones are ignored), longest first so a secret containing another wins. */
    public static Redactor of(Collection<String> values) {
        List<byte[]> secrets = values.stream().filter(v -> v != null && !v.isEmpty()).distinct()
                .map(v -> v.getBytes(StandardCharsets.UTF_8))
                .sorted(Comparator.comparingInt((byte[] b) -> b.length).reversed())
                .toList();
        return secrets.isEmpty() ? NONE : new Redactor(secrets);
    }

    public static Redactor none() {
        return NONE;
    }

    public boolean active() {
        return !secrets.isEmpty();
    }

    public String redact(String text) {
        if (!active() || text == null) {
            return text;
        }
        return new String(redact(text.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    public byte[] redact(byte[] data) {
        if (!active()) {
            return data;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
        scan(data, data.length, out, true);
        return out.toByteArray();
    }

    /** Where redacted chunks go. */
    public interface Sink {
        void accept(byte[] bytes, int length);
    }

    /** A redacting filter in front of {@code sink}; call {@link Stream#finish()} at the end of the stream. */
    public Stream stream(Sink sink) {
        return new Stream(sink);
    }

    public final class Stream {
        private final Sink sink;
        private byte[] pending = new byte[0];

        private Stream(Sink sink) {
            this.sink = sink;
        }

        public synchronized void accept(byte[] bytes, int length) {
            if (!active()) {
                sink.accept(bytes, length);
                return;
            }
            byte[] data = Arrays.copyOf(pending, pending.length + length);
            System.arraycopy(bytes, 0, data, pending.length, length);
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
            int held = scan(data, data.length, out, false);
            pending = Arrays.copyOfRange(data, data.length - held, data.length);
            if (out.size() > 0) {
                sink.accept(out.toByteArray(), out.size());
            }
        }

        /** Passes on what was held back, redacted as the end of the stream. */
        public synchronized void finish() {
            if (pending.length > 0) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(pending.length);
                scan(pending, pending.length, out, true);
                pending = new byte[0];
                sink.accept(out.toByteArray(), out.size());
            }
        }
    }

    /**
     * Copies {@code data} to {@code out} with secrets replaced. Unless {@code last}, stops
     * where the rest could begin a secret and returns how many bytes it held back.
     */
    private int scan(byte[] data, int length, ByteArrayOutputStream out, boolean last) {
        int i = 0;
        outer:
        while (i < length) {
            for (byte[] secret : secrets) {
                int match = matchAt(data, length, i, secret);
                if (match == secret.length) {
                    out.write(MARK_BYTES, 0, MARK_BYTES.length);
                    i += secret.length;
                    continue outer;
                }
                if (!last && match == length - i) {
                    return length - i;
                }
            }
            out.write(data[i]);
            i++;
        }
        return 0;
    }

    /** How many bytes of {@code secret} match at {@code at} (up to the end of the data). */
    private static int matchAt(byte[] data, int length, int at, byte[] secret) {
        int n = 0;
        while (n < secret.length && at + n < length && data[at + n] == secret[n]) {
            n++;
        }
        return n;
    }
}
