package dev.pyro.common.tar;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes POSIX ustar archives, with PAX extended headers for names, link targets or sizes
 * that do not fit the ustar fields. Readable by GNU tar, bsdtar and {@link TarReader}.
 */
public final class TarWriter {
    static final int BLOCK = 512;
    private static final long MAX_OCTAL_SIZE = 077777777777L;

    private final OutputStream out;
    private long written;

    public TarWriter(OutputStream out) {
        this.out = out;
    }

    public void directory(String path, int mode, long mtimeSeconds) throws IOException {
        header(TarEntry.directory(path, mode, mtimeSeconds));
    }

    public void symlink(String path, String target, long mtimeSeconds) throws IOException {
        header(TarEntry.symlink(path, target, mtimeSeconds));
    }

    /** Writes a regular file whose content is exactly {@code size} bytes of {@code content}. */
    public void file(String path, int mode, long mtimeSeconds, long size, InputStream content) throws IOException {
        header(TarEntry.file(path, mode, size, mtimeSeconds));
        long copied = content.transferTo(new OutputStream() {
            private long left = size;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (len > left) {
                    throw new IOException("file '" + path + "' grew while it was archived");
                }
                left -= len;
                out.write(b, off, len);
            }
        });
        if (copied != size) {
            throw new IOException("file '" + path + "' shrank while it was archived (" + copied + " of " + size + " bytes)");
        }
        written += size;
        pad();
    }

    /** Ends the archive with the two zero blocks tar expects; does not close the stream. */
    public void finish() throws IOException {
        out.write(new byte[BLOCK * 2]);
        out.flush();
    }

    private void header(TarEntry entry) throws IOException {
        String name = entry.type() != TarEntry.Type.DIRECTORY ? entry.path()
                : entry.path().isEmpty() ? "./" : entry.path() + "/";
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] linkBytes = entry.linkTarget().getBytes(StandardCharsets.UTF_8);
        Map<String, String> pax = new LinkedHashMap<>();
        if (nameBytes.length > 100 || !isAscii(name)) {
            pax.put("path", name);
        }
        if (linkBytes.length > 100 || !isAscii(entry.linkTarget())) {
            pax.put("linkpath", entry.linkTarget());
        }
        if (entry.size() > MAX_OCTAL_SIZE) {
            pax.put("size", Long.toString(entry.size()));
        }
        if (!pax.isEmpty()) {
            byte[] records = paxRecords(pax);
            writeHeaderBlock("PaxHeaders/" + truncate(name, 80), 'x', 0644, records.length, entry.mtimeSeconds(), "");
            out.write(records);
            written += records.length;
            pad();
        }
        char type = switch (entry.type()) {
            case DIRECTORY -> '5';
            case SYMLINK -> '2';
            case HARDLINK -> '1';
            default -> '0';
        };
        writeHeaderBlock(truncate(name, 100), type, entry.mode(), entry.size() > MAX_OCTAL_SIZE ? 0 : entry.size(),
                entry.mtimeSeconds(), truncate(entry.linkTarget(), 100));
    }

    private void writeHeaderBlock(String name, char type, int mode, long size, long mtime, String link) throws IOException {
        byte[] block = new byte[BLOCK];
        put(block, 0, 100, name.getBytes(StandardCharsets.UTF_8));
        octal(block, 100, 8, mode & 07777);
        octal(block, 108, 8, 0);
        octal(block, 116, 8, 0);
        octal(block, 124, 12, size);
        octal(block, 136, 12, Math.max(0, Math.min(mtime, MAX_OCTAL_SIZE)));
        Arrays.fill(block, 148, 156, (byte) ' ');
        block[156] = (byte) type;
        put(block, 157, 100, link.getBytes(StandardCharsets.UTF_8));
        put(block, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        put(block, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
        put(block, 265, 32, "root".getBytes(StandardCharsets.US_ASCII));
        put(block, 297, 32, "root".getBytes(StandardCharsets.US_ASCII));
        long checksum = 0;
        for (byte b : block) {
            checksum += b & 0xFF;
        }
        byte[] sum = String.format("%06o\0 ", checksum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(sum, 0, block, 148, 8);
        out.write(block);
        written += BLOCK;
    }

    private void pad() throws IOException {
        int remainder = (int) (written % BLOCK);
        if (remainder != 0) {
            out.write(new byte[BLOCK - remainder]);
            written += BLOCK - remainder;
        }
    }

    private static byte[] paxRecords(Map<String, String> values) {
        StringBuilder records = new StringBuilder();
        for (Map.Entry<String, String> value : values.entrySet()) {
            String body = " " + value.getKey() + "=" + value.getValue() + "\n";
            int bodyLength = body.getBytes(StandardCharsets.UTF_8).length;
            int length = bodyLength + Integer.toString(bodyLength).length();
            if (Integer.toString(length).length() != Integer.toString(bodyLength).length()) {
                length++;
            }
            records.append(length).append(body);
        }
        return records.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void octal(byte[] block, int offset, int width, long value) {
        String digits = Long.toOctalString(value);
        String padded = "0".repeat(Math.max(0, width - 1 - digits.length())) + digits;
        put(block, offset, width - 1, padded.getBytes(StandardCharsets.US_ASCII));
    }

    private static void put(byte[] block, int offset, int width, byte[] value) {
        System.arraycopy(value, 0, block, offset, Math.min(width, value.length));
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c >= 0x20 && c < 0x7F);
    }

    /** ustar fields hold at most {@code max} bytes; the PAX header carries the full value. */
    private static String truncate(String s, int max) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= max && isAscii(s)) {
            return s;
        }
        StringBuilder ascii = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (ascii.length() >= max) {
                break;
            }
            ascii.append(c >= 0x20 && c < 0x7F ? c : '_');
        }
        return ascii.toString();
    }
}
