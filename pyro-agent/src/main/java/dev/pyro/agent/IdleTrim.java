package dev.pyro.agent;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Gives memory back while the agent waits between calls: once no request has arrived for a
 * while after some activity, one full collection lets the heap shrink (with the JVM's
 * MaxHeapFreeRatio), so an idle workspace costs little even after a large archive or diff.
 */
final class IdleTrim {
    private static final long IDLE_MS = 2_000;

    private final AtomicLong lastRequest = new AtomicLong(System.currentTimeMillis());
    private final AtomicLong requestsSinceTrim = new AtomicLong();

    void requestArrived() {
        lastRequest.set(System.currentTimeMillis());
        requestsSinceTrim.incrementAndGet();
    }

    void start() {
        Thread thread = new Thread(this::loop, "agent-idle-trim");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (true) {
            try {
                Thread.sleep(IDLE_MS);
            } catch (InterruptedException e) {
                return;
            }
            if (requestsSinceTrim.get() > 0 && System.currentTimeMillis() - lastRequest.get() >= IDLE_MS) {
                requestsSinceTrim.set(0);
                System.gc();
            }
        }
    }
}
