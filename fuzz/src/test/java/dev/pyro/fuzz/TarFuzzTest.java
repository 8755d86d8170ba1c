package dev.pyro.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pyro.common.tar.TarExtractor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Archives come from users (seeds, sync push) and from sandboxes (exports). Whatever the
 * members, extraction either finishes or fails with an {@link IOException}, and nothing is
 * written outside the root: not next to it, not through a link.
 */
class TarFuzzTest {
    private static final String CANARY = "untouched\n";
    private static final Path BASE = makeBase();

    @FuzzTest(maxDuration = "10s")
    void extractionStaysInsideItsRoot(FuzzedDataProvider data) throws IOException {
        byte[] archive = FuzzArchives.build(data);
        Path jail = Files.createTempDirectory(BASE, "jail");
        try {
            Path root = Files.createDirectory(jail.resolve("root"));
            Path outside = Files.createDirectory(jail.resolve("outside"));
            Files.writeString(outside.resolve("canary"), CANARY);
            try {
                TarExtractor.validate(new ByteArrayInputStream(archive));
            } catch (IOException refused) {
                // refused before writing: fine
            }
            try {
                new TarExtractor(root).extract(new ByteArrayInputStream(archive));
            } catch (IOException refused) {
                // refused part way: what was written must still be inside
            }
            checkNothingEscaped(jail, root, outside);
        } finally {
            deleteTree(jail);
        }
    }

    private static void checkNothingEscaped(Path jail, Path root, Path outside) throws IOException {
        try (Stream<Path> listed = Files.list(jail)) {
            List<Path> top = listed.toList();
            if (top.size() != 2) {
                throw new AssertionError("extraction wrote next to its root: " + top);
            }
        }
        try (Stream<Path> listed = Files.list(outside)) {
            if (listed.count() != 1 || !Files.readString(outside.resolve("canary")).equals(CANARY)) {
                throw new AssertionError("extraction wrote into a directory outside its root");
            }
        }
        Path realRoot = root.toRealPath();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path path : all.toList()) {
                if (Files.exists(path) && !path.toRealPath().startsWith(realRoot)) {
                    throw new AssertionError(root.relativize(path) + " leads outside the root, to " + path.toRealPath());
                }
            }
        }
    }

    private static Path makeBase() {
        try {
            return Files.createTempDirectory("pyro-tar-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                path.toFile().setWritable(true);
                Files.deleteIfExists(path);
            }
        }
    }

    /** Writes archives member by member with valid checksums, so the fuzzer reaches the extractor's rules. */
    static final class FuzzArchives {
        private static final char[] TYPES = {'0', '5', '2', '1', 'x', 'L', 'K', '7', '3', 'g', '\0'};
        private static final String[] NAMES = {"a", "a/b", "../x", "/etc/x", "./a/../../x", "link", "link/f", "d/", "a/b/c"};

        private FuzzArchives() {
        }

        static byte[] build(FuzzedDataProvider data) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            int members = data.consumeInt(0, 8);
            for (int i = 0; i < members && data.remainingBytes() > 0; i++) {
                char type = data.pickValue(TYPES);
                String name = data.consumeBoolean() ? data.pickValue(NAMES) : data.consumeString(120);
                String link = data.consumeBoolean() ? data.pickValue(NAMES) : data.consumeString(100);
                byte[] content = type == 'x' ? pax(data) : data.consumeBytes(data.consumeInt(0, 600));
                int mode = data.consumeInt(0, 07777);
                writeMember(out, type, name, link, mode, content, data.consumeBoolean());
            }
            if (data.consumeBoolean()) {
                out.writeBytes(new byte[1024]);
            }
            out.writeBytes(data.consumeRemainingAsBytes());
            return out.toByteArray();
        }

        private static byte[] pax(FuzzedDataProvider data) {
            String key = data.pickValue(new String[] {"path", "linkpath", "size", "mtime", data.consumeString(10)});
            String value = data.consumeBoolean() ? data.pickValue(NAMES) : data.consumeString(80);
            String record = " " + key + "=" + value + "\n";
            int length = record.getBytes(StandardCharsets.UTF_8).length;
            int total = length + String.valueOf(length).length();
            total = length + String.valueOf(total).length();
            return (total + record).getBytes(StandardCharsets.UTF_8);
        }

        private static void writeMember(java.io.ByteArrayOutputStream out, char type, String name, String link, int mode,
                                        byte[] content, boolean ustar) {
            byte[] header = new byte[512];
            put(header, 0, 100, name);
            put(header, 100, 8, String.format("%07o", mode));
            put(header, 108, 8, "0000000");
            put(header, 116, 8, "0000000");
            put(header, 124, 12, String.format("%011o", content.length));
            put(header, 136, 12, "00000000000");
            header[156] = (byte) type;
            put(header, 157, 100, link);
            if (ustar) {
                put(header, 257, 8, "ustar\u000000");
            }
            java.util.Arrays.fill(header, 148, 156, (byte) ' ');
            int sum = 0;
            for (byte b : header) {
                sum += b & 0xff;
            }
            put(header, 148, 8, String.format("%06o", sum) + "\0 ");
            out.writeBytes(header);
            out.writeBytes(content);
            out.writeBytes(new byte[(512 - content.length % 512) % 512]);
        }

        private static void put(byte[] header, int offset, int width, String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(bytes, 0, header, offset, Math.min(width, bytes.length));
        }
    }
}
