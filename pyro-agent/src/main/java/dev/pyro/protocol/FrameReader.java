package dev.pyro.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads frames: a UTF-8 JSON object on one line ending in {@code \n}, then exactly {@code
 * payload} bytes when the header declares them. Sizes are bounded so a peer cannot make the
 * reader allocate without limit.
 */
public final class FrameReader {
    public static final int MAX_HEADER_BYTES = 1 << 20;
    public static final int MAX_PAYLOAD_BYTES = 16 << 20;

    private final InputStream in;

    /** {@code in} should be buffered: headers are read byte by byte. */
    public FrameReader(InputStream in) {
        this.in = in;
    }

    /** Returns the next frame, or {@code null} on a clean end of stream between frames. */
    public Frame read() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (line.size() == 0) {
                    return null;
                }
                throw new ProtocolException("connection closed in the middle of a frame header");
            }
            if (b == '\n') {
                break;
            }
            if (line.size() >= MAX_HEADER_BYTES) {
                throw new ProtocolException("frame header longer than " + MAX_HEADER_BYTES + " bytes");
            }
            line.write(b);
        }
        Fields header = new Fields(Json.parseObject(line.toString(StandardCharsets.UTF_8)));
        long length = header.longValue(Protocol.PAYLOAD, 0);
        if (length < 0 || length > MAX_PAYLOAD_BYTES) {
            throw new ProtocolException("payload length " + length + " outside 0.." + MAX_PAYLOAD_BYTES);
        }
        byte[] payload = length == 0 ? Frame.NO_PAYLOAD : in.readNBytes((int) length);
        if (payload.length != length) {
            throw new ProtocolException("connection closed after " + payload.length + " of " + length + " payload bytes");
        }
        return new Frame(header, payload);
    }
}
