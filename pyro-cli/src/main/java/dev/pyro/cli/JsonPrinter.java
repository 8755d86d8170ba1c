package dev.pyro.cli;

import dev.pyro.json.JsonSupport;
import java.io.PrintWriter;

/** {@code --json} output: one pretty-printed document on stdout. */
final class JsonPrinter {
    private JsonPrinter() {
    }

    static void print(PrintWriter out, Object value) {
        out.println(JsonSupport.write(value));
        out.flush();
    }
}
