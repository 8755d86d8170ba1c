package dev.pyro.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Short random ids (12 hex characters) for things stored as directories. */
public final class RandomIds {
    public static final String PATTERN = "[0-9a-f]{12}";

    private RandomIds() {
    }

    /** An id no entry of {@code dir} has yet. */
    public static String unusedIn(Path dir) {
        while (true) {
            byte[] bytes = new byte[6];
            ThreadLocalRandom.current().nextBytes(bytes);
            String id = HexFormat.of().formatHex(bytes);
            if (!Files.exists(dir.resolve(id))) {
                return id;
            }
        }
    }
}
