package dev.pyro.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the first and the last bytes of a stream within a byte budget and counts the rest.
 *
 * <p>The tail gets two thirds of the budget: the end of a command's output (the failing
 * assertion, the test summary) is usually what the reader needs. {@link #render()} joins head
 * and tail with a marker that says how many bytes were left out, cutting only at UTF-8
 * character boundaries so the text never gains replacement characters at the seams.
 */
public final class HeadTailBuffer {
    private final byte[] head;
    private final byte[] tail;
    private int headLength;
    private int tailStart;
    private int tailLength;
    private long total;

    public HeadTailBuffer(int budget) {
        if (budget < 0) {
            throw new IllegalArgumentException("budget must not be negative");
        }
        int headBudget = budget / 3;
        this.head = new byte[headBudget];
        this.tail = new byte[budget - headBudget];
    }

    public synchronized void append(byte[] bytes, int offset, int length) {
        total += length;
        int toHead = Math.min(length, head.length - headLength);
        System.arraycopy(bytes, offset, head, headLength, toHead);
        headLength += toHead;
        offset += toHead;
        length -= toHead;
        if (length == 0 || tail.length == 0) {
            return;
        }
        if (length >= tail.length) {
            System.arraycopy(bytes, offset + length - tail.length, tail, 0, tail.length);
            tailStart = 0;
            tailLength = tail.length;
            return;
        }
        for (int i = 0; i < length; i++) {
            int slot = (tailStart + tailLength) % tail.length;
            tail[slot] = bytes[offset + i];
            if (tailLength < tail.length) {
                tailLength++;
            } else {
                tailStart = (tailStart + 1) % tail.length;
            }
        }
    }

    /** Bytes the stream carried in total, kept or not. */
    public synchronized long total() {
        return total;
    }

    public synchronized boolean truncated() {
        return total > headLength + tailLength;
    }

    /** The kept bytes; when something was left out, with a marker that says how much. */
    public synchronized byte[] render() {
        byte[] tailBytes = orderedTail();
        ByteArrayOutputStream out = new ByteArrayOutputStream(headLength + tailBytes.length + 64);
        if (!truncated()) {
            out.write(head, 0, headLength);
            out.write(tailBytes, 0, tailBytes.length);
            return out.toByteArray();
        }
        int keptHead = Utf8Boundaries.completePrefixLength(head, headLength);
        int tailSkip = Utf8Boundaries.leadingContinuationBytes(tailBytes);
        long omitted = total - keptHead - (tailBytes.length - tailSkip);
        out.write(head, 0, keptHead);
        byte[] marker = ("\n[... " + omitted + " bytes omitted ...]\n").getBytes(StandardCharsets.UTF_8);
        out.write(marker, 0, marker.length);
        out.write(tailBytes, tailSkip, tailBytes.length - tailSkip);
        return out.toByteArray();
    }

    private byte[] orderedTail() {
        byte[] ordered = new byte[tailLength];
        for (int i = 0; i < tailLength; i++) {
            ordered[i] = tail[(tailStart + i) % tail.length];
        }
        return ordered;
    }
}
