package dev.pyro.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * One output stream of a service, kept in a file that rolls over: past {@code capacity} bytes
 * the file becomes {@code NAME.1} (replacing the older one) and a new one starts, so a chatty
 * service keeps its latest output within twice the capacity.
 */
final class ServiceLog {
    private final Path file;
    private final Path previous;
    private final long capacity;
    private OutputStream out;
    private long size;

    ServiceLog(Path file, long capacity) throws IOException {
        this.file = file;
        this.previous = file.resolveSibling(file.getFileName() + ".1");
        this.capacity = capacity;
        Files.deleteIfExists(previous);
        this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    synchronized void append(byte[] bytes, int length) {
        try {
            if (size + length > capacity && size > 0) {
                out.close();
                Files.move(file, previous, StandardCopyOption.REPLACE_EXISTING);
                out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
                size = 0;
            }
            out.write(bytes, 0, length);
            out.flush();
            size += length;
        } catch (IOException e) {
            AgentLog.info("cannot write " + file + ": " + e.getMessage());
        }
    }

    synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            // Nothing more will be written.
        }
    }

    /** What a read returns: text, and whether older output was left out. */
    record Text(String text, boolean truncated) {
    }

    /** The last {@code lines} lines (all lines when negative), from at most {@code maxBytes} of the end. */
    synchronized Text tail(int lines, int maxBytes) throws IOException {
        byte[] data = lastBytes(maxBytes);
        long kept = (Files.exists(previous) ? Files.size(previous) : 0) + size;
        String text = new String(data, StandardCharsets.UTF_8);
        boolean truncated = data.length < kept;
        if (truncated) {
            // The first line was cut by the byte limit: drop it.
            int newline = text.indexOf('\n');
            text = newline < 0 ? text : text.substring(newline + 1);
        }
        if (lines < 0) {
            return new Text(text, truncated);
        }
        if (lines == 0) {
            return new Text("", !text.isEmpty());
        }
        int end = text.endsWith("\n") ? text.length() - 1 : text.length();
        int start = end;
        for (int found = 0; found < lines && start > 0; found++) {
            int newline = text.lastIndexOf('\n', start - 1);
            start = newline < 0 ? 0 : newline + 1;
            if (newline < 0) {
                break;
            }
        }
        return new Text(text.substring(start), truncated || start > 0);
    }

    private byte[] lastBytes(int maxBytes) throws IOException {
        long fromCurrent = Math.min(size, maxBytes);
        long fromPrevious = Files.exists(previous) ? Math.min(Files.size(previous), maxBytes - fromCurrent) : 0;
        byte[] data = new byte[(int) (fromPrevious + fromCurrent)];
        if (fromPrevious > 0) {
            readTail(previous, data, 0, (int) fromPrevious);
        }
        readTail(file, data, (int) fromPrevious, (int) fromCurrent);
        return data;
    }

    private static void readTail(Path path, byte[] into, int offset, int length) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(path.toFile(), "r")) {
            in.seek(Math.max(0, in.length() - length));
            in.readFully(into, offset, length);
        }
    }
}
