package dev.pyro.runtime;

import java.util.List;

/** {@link Processes} for tests in other packages. */
public final class ProcessesView {
    private ProcessesView() {
    }

    public static List<String> commandLinesContaining(String fragment) {
        return Processes.commandLinesContaining(fragment);
    }
}
