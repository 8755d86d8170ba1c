package dev.pyro.cli;

import dev.pyro.PyroException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Text given inline or from a file ("-" for stdin), for file write and patch apply. */
final class TextInput {
    private TextInput() {
    }

    static String from(String inline, String file, String what) {
        if (inline != null) {
            return inline;
        }
        try {
            if (file.equals("-")) {
                return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw PyroException.invalidArgument("cannot read the " + what + " from " + file + ": " + e.getMessage());
        }
    }
}
