package dev.pyro.common;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/** Reads a process pipe to its end on a virtual thread, handing each chunk to a consumer. */
public final class Drain {
    public static final int CHUNK_BYTES = 64 * 1024;

    private Drain() {
    }

    public interface ChunkConsumer {
        void accept(byte[] buffer, int length);
    }

    public static Thread start(InputStream in, ChunkConsumer consumer) {
        return start(in, Redactor.none(), consumer);
    }

    /** As {@link #start(InputStream, ChunkConsumer)}, with secrets replaced before the consumer sees a byte. */
    public static Thread start(InputStream in, Redactor redactor, ChunkConsumer consumer) {
        Redactor.Stream redacted = redactor.stream(consumer::accept);
        return Thread.ofVirtual().name("pipe-drain").start(() -> {
            byte[] buffer = new byte[CHUNK_BYTES];
            try (in) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    redacted.accept(buffer, n);
                }
            } catch (IOException e) {
                // The pipe closed under us; nothing more to read.
            }
            redacted.finish();
        });
    }

    /**
     * Waits for drains, but at most {@code grace} in total: a process that escaped may still
     * hold a pipe open, and its later output is not worth hanging for.
     */
    public static void join(Duration grace, Thread... drains) {
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread drain : drains) {
            if (drain == null) {
                continue;
            }
            try {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    drain.join(Duration.ofNanos(left));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
