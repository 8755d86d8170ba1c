package dev.pyro.io;

import dev.pyro.PyroException;
import dev.pyro.json.JsonSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Append-only JSON Lines files (journal, events). Each record is one write of one line; a
 * line cut short by a killed process is skipped on reading instead of failing the file.
 */
public final class JsonLines {
    private JsonLines() {
    }

    public static void append(Path file, Object record) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JsonSupport.line(record) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw StateErrors.unwritable("append to " + file, e);
        }
    }

    public static <T> List<T> read(Path file, Class<T> type) {
        List<T> records = new ArrayList<>();
        if (!Files.exists(file)) {
            return records;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    records.add(JsonSupport.read(line, type));
                } catch (IOException e) {
                    // A torn last line from a killed writer: skip it.
                }
            }
        } catch (IOException e) {
            throw new PyroException("state_unreadable", "cannot read " + file + ": " + e.getMessage(), null);
        }
        return records;
    }
}
