package dev.pyro.agent;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Everything a shell printed, as text, addressed by an absolute character position (the
 * cursor) that only grows. The oldest text is dropped beyond {@code capacity}; a read from a
 * cursor before what is kept says how much it skipped. Bytes are decoded as UTF-8 as they
 * arrive, so a character split across two chunks is put back together.
 */
final class ShellOutput {
    private final int capacity;
    private final StringBuilder kept = new StringBuilder();
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer pending = ByteBuffer.allocate(0);
    private long base;
    private long lastOutputNanos = System.nanoTime();
    private boolean finished;

    ShellOutput(int capacity) {
        this.capacity = capacity;
    }

    synchronized void append(byte[] bytes, int length) {
        ByteBuffer in = ByteBuffer.allocate(pending.remaining() + length);
        in.put(pending).put(bytes, 0, length).flip();
        CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
        decoder.decode(in, out, false);
        pending = in.slice();
        kept.append(out.flip());
        dropBeyondCapacity();
        lastOutputNanos = System.nanoTime();
        notifyAll();
    }

    /** The shell's output has ended: flushes a dangling partial character and wakes readers. */
    synchronized void finish() {
        if (pending.hasRemaining()) {
            CharBuffer out = CharBuffer.allocate(pending.remaining() + 1);
            decoder.decode(pending, out, true);
            kept.append(out.flip());
            pending = ByteBuffer.allocate(0);
        }
        finished = true;
        notifyAll();
    }

    private void dropBeyondCapacity() {
        int excess = kept.length() - capacity;
        if (excess <= 0) {
            return;
        }
        if (Character.isLowSurrogate(kept.charAt(excess))) {
            excess++;
        }
        kept.delete(0, excess);
        base += excess;
    }

    /** What a read returns: the text from {@code cursor} up to {@code nextCursor}. */
    record Chunk(long cursor, long nextCursor, long skipped, boolean more, String text) {
    }

    synchronized Chunk read(long cursor, int maxChars) {
        long end = base + kept.length();
        long start = Math.min(Math.max(cursor, base), end);
        long stop = Math.min(end, start + maxChars);
        if (stop < end && stop > start && Character.isHighSurrogate(kept.charAt((int) (stop - 1 - base)))) {
            stop--;
        }
        String text = kept.substring((int) (start - base), (int) (stop - base));
        return new Chunk(cursor, stop, Math.max(0, base - cursor), stop < end, text);
    }

    /**
     * Waits until no output has arrived for {@code idleMs} (counting from now at the
     * earliest), the output has ended, or {@code maxWaitMs} has passed.
     */
    synchronized void awaitIdle(long idleMs, long maxWaitMs) throws InterruptedException {
        long now = System.nanoTime();
        long since = now;
        long deadline = now + maxWaitMs * 1_000_000L;
        while (!finished) {
            now = System.nanoTime();
            long quietFrom = Math.max(lastOutputNanos, since);
            long wakeAt = Math.min(quietFrom + idleMs * 1_000_000L, deadline);
            if (now >= wakeAt) {
                return;
            }
            long waitNanos = wakeAt - now;
            wait(waitNanos / 1_000_000L, (int) (waitNanos % 1_000_000L));
        }
    }

    synchronized long end() {
        return base + kept.length();
    }
}
