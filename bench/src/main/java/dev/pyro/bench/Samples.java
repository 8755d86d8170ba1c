package dev.pyro.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Wall-clock samples of one measured operation, in milliseconds. Threads may add to one instance. */
final class Samples {
    private final String name;
    private final List<Double> millis = new ArrayList<>();

    Samples(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    void time(Action action) throws Exception {
        long start = System.nanoTime();
        action.run();
        add((System.nanoTime() - start) / 1e6);
    }

    synchronized void add(double sample) {
        millis.add(sample);
    }

    double median() {
        return percentile(50);
    }

    synchronized double percentile(int p) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    synchronized int count() {
        return millis.size();
    }

    interface Action {
        void run() throws Exception;
    }
}
