package dev.pyro.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * Bulk data (archives, manifests) as a run of {@code data} frames closed by an {@code end}
 * frame, so neither side holds more than one chunk in memory.
 */
public final class DataFrames {
    private static final Map<String, Object> DATA = Map.of(Protocol.TYPE, Protocol.TYPE_DATA);
    private static final Map<String, Object> END = Map.of(Protocol.TYPE, Protocol.TYPE_END);
    private static final int CHUNK = 64 * 1024;

    private DataFrames() {
    }

    /** An output stream that sends data frames; {@link OutputStream#close()} sends the end frame. */
    public static OutputStream output(FrameWriter writer) {
        return new OutputStream() {
            private final byte[] buffer = new byte[CHUNK];
            private int used;
            private boolean closed;

            @Override
            public void write(int b) throws IOException {
                if (used == buffer.length) {
                    flushChunk();
                }
                buffer[used++] = (byte) b;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    if (used == buffer.length) {
                        flushChunk();
                    }
                    int n = Math.min(len, buffer.length - used);
                    System.arraycopy(b, off, buffer, used, n);
                    used += n;
                    off += n;
                    len -= n;
                }
            }

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    flushChunk();
                    writer.write(END);
                }
            }

            private void flushChunk() throws IOException {
                if (used > 0) {
                    writer.write(DATA, buffer, 0, used);
                    used = 0;
                }
            }
        };
    }

    /**
     * The bytes of the data frames that follow, up to the end frame. An error frame or any
     * other frame in between fails the read.
     */
    public static InputStream input(FrameReader reader) {
        return new InputStream() {
            private byte[] chunk = new byte[0];
            private int position;
            private boolean ended;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                while (position == chunk.length) {
                    if (ended) {
                        return -1;
                    }
                    Frame frame = reader.read();
                    if (frame == null) {
                        throw new IOException("connection closed in the middle of a data stream");
                    }
                    switch (frame.type()) {
                        case Protocol.TYPE_DATA -> {
                            chunk = frame.payload();
                            position = 0;
                        }
                        case Protocol.TYPE_END -> ended = true;
                        case Protocol.TYPE_ERROR -> throw new RemoteErrorException(
                                frame.header().string("code", "error"), frame.header().string("message", "error"));
                        default -> throw new ProtocolException("unexpected frame \"" + frame.type() + "\" in a data stream");
                    }
                }
                int n = Math.min(len, chunk.length - position);
                System.arraycopy(chunk, position, b, off, n);
                position += n;
                return n;
            }
        };
    }

    /** The peer sent an error frame where data was expected. */
    public static final class RemoteErrorException extends IOException {
        private final String code;

        public RemoteErrorException(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
