package dev.pyro.common.tar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarTest {
    @TempDir
    Path dir;

    /** An archive built member by member, hostile members included: the writer does not judge. */
    private static final class Archive {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final TarWriter writer = new TarWriter(bytes);

        Archive file(String name, String content) throws IOException {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            writer.file(name, 0644, 1_700_000_000L, data.length, new ByteArrayInputStream(data));
            return this;
        }

        Archive directory(String name) throws IOException {
            writer.directory(name, 0755, 1_700_000_000L);
            return this;
        }

        Archive symlink(String name, String target) throws IOException {
            writer.symlink(name, target, 1_700_000_000L);
            return this;
        }

        byte[] build() throws IOException {
            writer.finish();
            return bytes.toByteArray();
        }
    }

    private static List<TarEntry> entries(byte[] archive) throws IOException {
        TarReader reader = new TarReader(new ByteArrayInputStream(archive));
        List<TarEntry> entries = new ArrayList<>();
        TarEntry entry;
        while ((entry = reader.next()) != null) {
            entries.add(entry);
        }
        return entries;
    }

    private TarExtractor.Stats extract(byte[] archive, Path root) throws IOException {
        Files.createDirectories(root);
        return new TarExtractor(root).extract(new ByteArrayInputStream(archive));
    }

    @Test
    void roundTripsFilesDirectoriesLinksLongAndUnicodeNames() throws IOException {
        String longName = "deep/" + "d".repeat(120) + "/file-with-a-long-name.txt";
        byte[] archive = new Archive()
                .directory("src")
                .file("src/main.c", "int main() { return 0; }\n")
                .file(longName, "long\n")
                .file("ünïcødé/файл.txt", "unicode\n")
                .symlink("link-to-main", "src/main.c")
                .symlink("long-link", "src/../" + "x".repeat(150))
                .build();
        assertThat(entries(archive)).extracting(TarEntry::path)
                .containsExactly("src", "src/main.c", longName, "ünïcødé/файл.txt", "link-to-main", "long-link");

        Path root = dir.resolve("out");
        TarExtractor.Stats stats = new TarExtractor(Files.createDirectories(root))
                .extract(new ByteArrayInputStream(new Archive()
                        .directory("src")
                        .file("src/main.c", "int main() { return 0; }\n")
                        .file(longName, "long\n")
                        .file("ünïcødé/файл.txt", "unicode\n")
                        .symlink("link-to-main", "src/main.c")
                        .build()));
        assertThat(stats.files()).isEqualTo(3);
        assertThat(Files.readString(root.resolve("src/main.c"))).startsWith("int main");
        assertThat(Files.readString(root.resolve(longName))).isEqualTo("long\n");
        assertThat(Files.readString(root.resolve("ünïcødé/файл.txt"))).isEqualTo("unicode\n");
        assertThat(Files.readSymbolicLink(root.resolve("link-to-main")).toString()).isEqualTo("src/main.c");
    }

    @Test
    void archivesATreeThatGnuTarReadsAndReadsWhatGnuTarWrites() throws Exception {
        Path source = Files.createDirectories(dir.resolve("source/nested/" + "a".repeat(60) + "/" + "b".repeat(60)));
        Files.writeString(source.resolve("data.bin"), "payload");
        Path script = dir.resolve("source/run.sh");
        Files.writeString(script, "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(dir.resolve("source/link"), Path.of("run.sh"));

        Path ours = dir.resolve("ours.tar");
        try (OutputStream out = Files.newOutputStream(ours)) {
            TarWriter writer = new TarWriter(out);
            TreeArchiver.write(dir.resolve("source"), "", writer);
            writer.finish();
        }
        Path gnuOut = Files.createDirectories(dir.resolve("gnu-out"));
        assertThat(run("tar", "-xf", ours.toString(), "-C", gnuOut.toString())).isZero();
        assertThat(Files.readString(gnuOut.resolve("nested/" + "a".repeat(60) + "/" + "b".repeat(60) + "/data.bin"))).isEqualTo("payload");
        assertThat(Files.isExecutable(gnuOut.resolve("run.sh"))).isTrue();
        assertThat(Files.readSymbolicLink(gnuOut.resolve("link")).toString()).isEqualTo("run.sh");

        for (String format : List.of("gnu", "posix", "ustar")) {
            Path theirs = dir.resolve(format + ".tar.gz");
            assertThat(run("tar", "--format=" + format, "-czf", theirs.toString(), "-C", dir.resolve("source").toString(), "."))
                    .isZero();
            Path out = dir.resolve("from-" + format);
            extract(Files.readAllBytes(theirs), out);
            assertThat(Files.readString(out.resolve("nested/" + "a".repeat(60) + "/" + "b".repeat(60) + "/data.bin"))).as(format).isEqualTo("payload");
            assertThat(Files.isExecutable(out.resolve("run.sh"))).as(format).isTrue();
            assertThat(Files.readSymbolicLink(out.resolve("link")).toString()).as(format).isEqualTo("run.sh");
        }
    }

    @Test
    void refusesMembersThatEscapeTheRoot() throws IOException {
        assertRefused(new Archive().file("/etc/cron.d/evil", "x").build(), "absolute path");
        assertRefused(new Archive().file("../outside.txt", "x").build(), "climbs out");
        assertRefused(new Archive().file("a/../../outside.txt", "x").build(), "climbs out");
        assertRefused(new Archive().symlink("etc", "/etc").build(), "points outside");
        assertRefused(new Archive().symlink("up", "../..").build(), "points outside");
        assertRefused(new Archive().symlink("a/b/up", "../../../x").build(), "points outside");
        assertRefused(new Archive().symlink("inside", "sub").file("inside/planted", "x").build(), "goes through the link");
    }

    @Test
    void refusesDevicesAndBrokenArchives() throws IOException {
        byte[] device = new Archive().file("dev", "x").build();
        device[156] = '3';
        fixChecksum(device);
        assertRefused(device, "device node");

        byte[] corrupt = new Archive().file("a", "x").build();
        corrupt[10] ^= 1;
        assertRefused(corrupt, "checksum");

        byte[] truncated = new Archive().file("a", "x".repeat(2000)).build();
        assertRefused(java.util.Arrays.copyOf(truncated, 1024), "truncated");

        assertRefused("not a tar archive at all, just some text that is long enough".repeat(20).getBytes(StandardCharsets.UTF_8),
                "not a tar archive");
    }

    @Test
    void neverWritesThroughALinkAlreadyOnDisk() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createSymbolicLink(root.resolve("sneaky"), outside);
        assertThatThrownBy(() -> extract(new Archive().file("sneaky/planted", "x").build(), root))
                .isInstanceOf(TarException.class).hasMessageContaining("goes through the link 'sneaky'");
        assertThat(outside.resolve("planted")).doesNotExist();

        Files.writeString(outside.resolve("target"), "untouched");
        Files.createSymbolicLink(root.resolve("file-link"), outside.resolve("target"));
        extract(new Archive().file("file-link", "replaced").build(), root);
        assertThat(Files.readString(outside.resolve("target"))).isEqualTo("untouched");
        assertThat(Files.isSymbolicLink(root.resolve("file-link"))).isFalse();
        assertThat(Files.readString(root.resolve("file-link"))).isEqualTo("replaced");
    }

    @Test
    void validationFindsTheSameProblemsWithoutWriting() throws IOException {
        byte[] bad = new Archive().file("fine", "x").symlink("etc", "/etc").build();
        assertThatThrownBy(() -> TarExtractor.validate(new ByteArrayInputStream(bad))).hasMessageContaining("points outside");
        TarExtractor.Stats stats = TarExtractor.validate(new ByteArrayInputStream(new Archive().file("a", "12345").build()));
        assertThat(stats.files()).isEqualTo(1);
        assertThat(stats.bytes()).isEqualTo(5);
    }

    @Test
    void restoreMakesTheTreeExactlyTheArchive() throws IOException {
        byte[] snapshot = new Archive()
                .directory("src").file("src/keep.txt", "same").file("src/edit.txt", "original")
                .directory("was-dir").file("was-file", "file").symlink("link", "src/keep.txt").build();
        Path root = dir.resolve("tree");
        extract(snapshot, root);
        Files.writeString(root.resolve("src/edit.txt"), "ORIGINAL");
        Files.delete(root.resolve("was-dir"));
        Files.writeString(root.resolve("was-dir"), "now a file");
        Files.delete(root.resolve("was-file"));
        Files.createDirectories(root.resolve("was-file/nested"));
        Files.writeString(root.resolve("added.txt"), "extra");
        Files.createDirectories(root.resolve("added-dir/locked"));
        Files.setPosixFilePermissions(root.resolve("added-dir/locked"), PosixFilePermissions.fromString("---------"));
        Files.delete(root.resolve("link"));
        Files.createSymbolicLink(root.resolve("link"), Path.of("src/edit.txt"));

        TarExtractor restore = new TarExtractor(root).restoring();
        restore.extract(new ByteArrayInputStream(snapshot));
        assertThat(Files.readString(root.resolve("src/keep.txt"))).isEqualTo("same");
        assertThat(Files.readString(root.resolve("src/edit.txt"))).isEqualTo("original");
        assertThat(root.resolve("was-dir")).isDirectory();
        assertThat(Files.readString(root.resolve("was-file"))).isEqualTo("file");
        assertThat(Files.readSymbolicLink(root.resolve("link")).toString()).isEqualTo("src/keep.txt");
        assertThat(root.resolve("added.txt")).doesNotExist();
        assertThat(root.resolve("added-dir")).doesNotExist();
        assertThat(restore.unchanged()).isEqualTo(1);
        assertThat(restore.removed()).isEqualTo(2);
    }

    @Test
    void readsGzippedArchives() throws IOException {
        byte[] plain = new Archive().file("a.txt", "zipped").build();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(plain);
        }
        Path root = dir.resolve("gz");
        extract(gz.toByteArray(), root);
        assertThat(Files.readString(root.resolve("a.txt"))).isEqualTo("zipped");
    }

    private void assertRefused(byte[] archive, String reason) throws IOException {
        Path root = Files.createDirectories(dir.resolve("refused-" + System.nanoTime()));
        assertThatThrownBy(() -> TarExtractor.validate(new ByteArrayInputStream(archive)))
                .isInstanceOf(IOException.class).hasMessageContaining(reason);
        assertThatThrownBy(() -> new TarExtractor(root).extract(new ByteArrayInputStream(archive)))
                .isInstanceOf(IOException.class).hasMessageContaining(reason);
        assertThat(dir.resolve("outside.txt")).doesNotExist();
    }

    private static void fixChecksum(byte[] archive) {
        java.util.Arrays.fill(archive, 148, 156, (byte) ' ');
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += archive[i] & 0xFF;
        }
        byte[] field = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(field, 0, archive, 148, 8);
    }

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().transferTo(System.err);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }
}
