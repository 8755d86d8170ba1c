package dev.pyro.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes whole frames; safe to share between the threads that drain stdout and stderr. */
public final class FrameWriter {
    private final OutputStream out;

    public FrameWriter(OutputStream out) {
        this.out = out;
    }

    public void write(Map<String, Object> header) throws IOException {
        write(header, Frame.NO_PAYLOAD, 0, 0);
    }

    public void write(Map<String, Object> header, byte[] payload) throws IOException {
        write(header, payload, 0, payload.length);
    }

    public synchronized void write(Map<String, Object> header, byte[] payload, int offset, int length)
            throws IOException {
        if (length > FrameReader.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payload of " + length + " bytes must be split into frames");
        }
        Map<String, Object> withLength = header;
        if (length > 0) {
            withLength = new LinkedHashMap<>(header);
            withLength.put(Protocol.PAYLOAD, (long) length);
        }
        out.write(Json.write(withLength).getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        if (length > 0) {
            out.write(payload, offset, length);
        }
        out.flush();
    }
}
