package dev.pyro.agent;

import dev.pyro.common.tar.TarException;
import dev.pyro.common.tar.TarExtractor;
import dev.pyro.common.tar.TarWriter;
import dev.pyro.common.tar.TreeArchiver;
import dev.pyro.protocol.DataFrames;
import dev.pyro.protocol.Fields;
import dev.pyro.protocol.FrameReader;
import dev.pyro.protocol.FrameWriter;
import dev.pyro.protocol.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/** tar_export and tar_import: workspace trees in and out as streamed archives. */
final class ArchiveOps {
    private final WorkspaceRoot workspace;

    ArchiveOps(WorkspaceRoot workspace) {
        this.workspace = workspace;
    }

    /** Streams {@code path} as a tar: a directory's contents at the top, or one file by its name. */
    void export(Fields request, FrameWriter writer) throws IOException {
        String requested = request.string("path", "");
        Path real = workspace.existing(requested);
        boolean directory = Files.isDirectory(real);
        TreeArchiver.Stats stats;
        try (OutputStream data = DataFrames.output(writer)) {
            TarWriter tar = new TarWriter(data);
            stats = TreeArchiver.write(real, directory ? "" : real.getFileName().toString(), tar);
            tar.finish();
        }
        Map<String, Object> result = AgentServer.ok();
        result.put("kind", directory ? "directory" : "file");
        result.put("entries", (long) stats.entries());
        result.put("bytes", stats.bytes());
        writer.write(result);
    }

    /**
     * Extracts the archive that follows in data frames into {@code dest} (created if missing).
     * With {@code restore}, {@code dest} ends up holding exactly the archive.
     */
    void importArchive(Fields request, FrameReader reader, FrameWriter writer) throws IOException {
        String requested = request.string("dest", "");
        InputStream data = DataFrames.input(reader);
        Path dest;
        TarExtractor.Stats stats;
        int unchanged;
        int removed;
        try {
            dest = requested.isEmpty() ? workspace.root() : workspace.writable(requested);
            if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
                throw new AgentRequestException(Protocol.ERROR_WRONG_TYPE,
                        "destination '" + workspace.resolve(requested) + "' exists and is not a directory");
            }
            Files.createDirectories(dest);
            TarExtractor extractor = new TarExtractor(dest);
            if (request.bool("restore", false)) {
                extractor.restoring();
            }
            stats = extractor.extract(data);
            unchanged = extractor.unchanged();
            removed = extractor.removed();
        } catch (TarException e) {
            data.transferTo(OutputStream.nullOutputStream());
            throw new AgentRequestException(Protocol.ERROR_BAD_ARCHIVE, e.getMessage());
        } catch (AgentRequestException e) {
            data.transferTo(OutputStream.nullOutputStream());
            throw e;
        }
        data.transferTo(OutputStream.nullOutputStream());
        Map<String, Object> result = AgentServer.ok();
        result.put("entries", (long) stats.entries());
        result.put("files", (long) stats.files());
        result.put("bytes", stats.bytes());
        result.put("unchanged", (long) unchanged);
        result.put("removed", (long) removed);
        writer.write(result);
    }
}
