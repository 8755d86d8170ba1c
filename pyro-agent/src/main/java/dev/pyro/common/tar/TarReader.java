package dev.pyro.common.tar;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads tar archives: ustar, PAX extended headers, GNU long names, old v7; gzip-compressed
 * or not (detected). Input is untrusted: checksums are verified, every size is bounded, and
 * member names pass {@link TarPaths#safeRelative} before an entry is returned.
 */
public final class TarReader {
    private static final int BLOCK = TarWriter.BLOCK;
    private static final int MAX_META_BYTES = 1 << 20;

    private final InputStream in;
    private long remaining;
    private long padding;
    private boolean ended;

    public TarReader(InputStream raw) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, 64 * 1024);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        this.in = first == 0x1f && second == 0x8b ? new BufferedInputStream(new GZIPInputStream(buffered), 64 * 1024) : buffered;
    }

    /** The next member, or null at the end of the archive. */
    public TarEntry next() throws IOException {
        if (ended) {
            return null;
        }
        skipContent();
        String longName = null;
        String longLink = null;
        Map<String, String> pax = new HashMap<>();
        while (true) {
            byte[] block = new byte[BLOCK];
            int read = in.readNBytes(block, 0, BLOCK);
            if (read == 0) {
                ended = true;
                return null;
            }
            if (read < BLOCK) {
                throw new TarException("archive is truncated (a header block is incomplete)");
            }
            if (isZero(block)) {
                ended = true;
                return null;
            }
            verifyChecksum(block);
            char type = (char) block[156];
            long size = number(block, 124, 12, "size");
            if (size < 0) {
                throw new TarException("archive member has a negative size");
            }
            switch (type) {
                case 'x' -> {
                    pax.putAll(parsePax(readMeta(size, "PAX header")));
                    continue;
                }
                case 'g' -> {
                    readMeta(size, "PAX global header");
                    continue;
                }
                case 'L' -> {
                    longName = cString(readMeta(size, "GNU long name"));
                    continue;
                }
                case 'K' -> {
                    longLink = cString(readMeta(size, "GNU long link name"));
                    continue;
                }
                default -> {
                }
            }
            String name = cString(block, 0, 100);
            if (isUstar(block)) {
                String prefix = cString(block, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
            }
            name = pax.getOrDefault("path", longName != null ? longName : name);
            String link = pax.getOrDefault("linkpath", longLink != null ? longLink : cString(block, 157, 100));
            if (pax.containsKey("size")) {
                size = parsePaxSize(pax.get("size"));
            }
            TarEntry.Type entryType = switch (type) {
                case '0', '\0', '7' -> name.endsWith("/") ? TarEntry.Type.DIRECTORY : TarEntry.Type.FILE;
                case '5' -> TarEntry.Type.DIRECTORY;
                case '2' -> TarEntry.Type.SYMLINK;
                case '1' -> TarEntry.Type.HARDLINK;
                default -> TarEntry.Type.OTHER;
            };
            int mode = (int) (number(block, 100, 8, "mode") & 07777);
            long mtime = number(block, 136, 12, "mtime");
            String path = TarPaths.safeRelative(name);
            // Only regular files report their data; whatever another member declares is skipped.
            remaining = size;
            padding = (BLOCK - size % BLOCK) % BLOCK;
            return new TarEntry(path, entryType, mode, entryType == TarEntry.Type.FILE ? size : 0, mtime, link);
        }
    }

    /** The current member's data; reading stops at its end. */
    public InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining <= 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new EOFException("archive is truncated inside a member");
                }
                remaining -= n;
                return n;
            }
        };
    }

    private void skipContent() throws IOException {
        long toSkip = remaining + padding;
        remaining = 0;
        padding = 0;
        while (toSkip > 0) {
            long skipped = in.skip(toSkip);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new TarException("archive is truncated inside a member");
                }
                skipped = 1;
            }
            toSkip -= skipped;
        }
    }

    private byte[] readMeta(long size, String what) throws IOException {
        if (size > MAX_META_BYTES) {
            throw new TarException(what + " larger than " + MAX_META_BYTES + " bytes");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length != size) {
            throw new TarException("archive is truncated inside a " + what);
        }
        long pad = (BLOCK - size % BLOCK) % BLOCK;
        if (in.readNBytes((int) pad).length != pad) {
            throw new TarException("archive is truncated inside a " + what);
        }
        return data;
    }

    private static Map<String, String> parsePax(byte[] data) throws TarException {
        Map<String, String> values = new HashMap<>();
        int pos = 0;
        while (pos < data.length) {
            int space = indexOf(data, (byte) ' ', pos);
            if (space < 0) {
                throw new TarException("malformed PAX header");
            }
            int length;
            try {
                length = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new TarException("malformed PAX record length");
            }
            if (length <= space - pos + 1 || pos + length > data.length || data[pos + length - 1] != '\n') {
                throw new TarException("malformed PAX record");
            }
            String record = new String(data, space + 1, pos + length - space - 2, StandardCharsets.UTF_8);
            int equals = record.indexOf('=');
            if (equals < 0) {
                throw new TarException("malformed PAX record (no '=')");
            }
            values.put(record.substring(0, equals), record.substring(equals + 1));
            pos += length;
        }
        return values;
    }

    private static long parsePaxSize(String value) throws TarException {
        try {
            long size = Long.parseLong(value);
            if (size < 0) {
                throw new TarException("negative PAX size");
            }
            return size;
        } catch (NumberFormatException e) {
            throw new TarException("malformed PAX size '" + value + "'");
        }
    }

    private static void verifyChecksum(byte[] block) throws TarException {
        long stored;
        try {
            stored = number(block, 148, 8, "checksum");
        } catch (TarException e) {
            throw new TarException("not a tar archive (unreadable header checksum)");
        }
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            byte b = i >= 148 && i < 156 ? (byte) ' ' : block[i];
            unsigned += b & 0xFF;
            signed += b;
        }
        if (stored != unsigned && stored != signed) {
            throw new TarException("not a tar archive, or it is corrupt (header checksum mismatch)");
        }
    }

    /** Octal, NUL/space terminated; or GNU base-256 when the high bit of the first byte is set. */
    private static long number(byte[] block, int offset, int width, String field) throws TarException {
        if ((block[offset] & 0x80) != 0) {
            long value = block[offset] & 0x7F;
            for (int i = 1; i < width; i++) {
                if (value > (Long.MAX_VALUE >> 8)) {
                    throw new TarException("tar " + field + " field overflows");
                }
                value = (value << 8) | (block[offset + i] & 0xFF);
            }
            return value;
        }
        long value = 0;
        boolean digits = false;
        for (int i = offset; i < offset + width; i++) {
            byte b = block[i];
            if (b == 0 || (b == ' ' && digits)) {
                break;
            }
            if (b == ' ') {
                continue;
            }
            if (b < '0' || b > '7') {
                throw new TarException("tar " + field + " field is not octal");
            }
            value = value * 8 + (b - '0');
            digits = true;
        }
        return value;
    }

    private static boolean isUstar(byte[] block) {
        return block[257] == 'u' && block[258] == 's' && block[259] == 't' && block[260] == 'a' && block[261] == 'r';
    }

    private static String cString(byte[] block, int offset, int width) {
        int end = offset;
        while (end < offset + width && block[end] != 0) {
            end++;
        }
        return new String(block, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static String cString(byte[] data) {
        return cString(data, 0, data.length);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] data, byte value, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
