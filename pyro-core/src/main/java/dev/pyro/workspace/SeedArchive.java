package dev.pyro.workspace;

import dev.pyro.PyroException;
import dev.pyro.common.tar.TarException;
import dev.pyro.common.tar.TarExtractor;
import dev.pyro.common.tar.TarWriter;
import dev.pyro.common.tar.TreeArchiver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Content to put into a workspace from the host: a directory (archived without following
 * links) or a .tar/.tar.gz/.tgz file. Checked in full against the archive rules before
 * anything is sent to the sandbox, so a refused seed changes nothing.
 */
final class SeedArchive implements AutoCloseable {
    private final Path archive;
    private final boolean temporary;
    private final WorkspaceSeed description;

    private SeedArchive(Path archive, boolean temporary, WorkspaceSeed description) {
        this.archive = archive;
        this.temporary = temporary;
        this.description = description;
    }

    static SeedArchive prepare(Path source, Path scratch) {
        Path absolute = source.toAbsolutePath().normalize();
        if (!Files.exists(absolute)) {
            throw PyroException.invalidArgument("'" + source + "' does not exist; pass a directory or a .tar, .tar.gz or .tgz file");
        }
        Path archive = absolute;
        boolean temporary = false;
        String mode = "archive";
        try {
            if (Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(scratch);
                archive = Files.createTempFile(scratch, "seed-", ".tar");
                temporary = true;
                mode = "directory";
                try (OutputStream out = Files.newOutputStream(archive)) {
                    TarWriter writer = new TarWriter(out);
                    TreeArchiver.write(absolute, "", writer);
                    writer.finish();
                }
            } else if (!Files.isRegularFile(absolute)) {
                throw PyroException.invalidArgument("'" + source + "' is neither a directory nor an archive file");
            }
            TarExtractor.Stats stats;
            try (InputStream in = Files.newInputStream(archive)) {
                stats = TarExtractor.validate(in);
            }
            return new SeedArchive(archive, temporary, new WorkspaceSeed(mode, absolute.toString(), stats.entries(), stats.bytes()));
        } catch (TarException e) {
            deleteQuietly(archive, temporary);
            throw new PyroException("bad_archive", "'" + source + "' is refused: " + e.getMessage(),
                    "archives may hold only files, directories and links that stay inside; nothing was changed");
        } catch (IOException e) {
            deleteQuietly(archive, temporary);
            throw new PyroException("seed_unreadable", "cannot read '" + source + "': " + e.getMessage(), null);
        }
    }

    WorkspaceSeed description() {
        return description;
    }

    InputStream open() throws IOException {
        return Files.newInputStream(archive);
    }

    @Override
    public void close() {
        deleteQuietly(archive, temporary);
    }

    private static void deleteQuietly(Path archive, boolean temporary) {
        if (temporary) {
            try {
                Files.deleteIfExists(archive);
            } catch (IOException e) {
                // A temporary file in pyro's scratch directory.
            }
        }
    }
}
