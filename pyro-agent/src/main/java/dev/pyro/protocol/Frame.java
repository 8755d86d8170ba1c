package dev.pyro.protocol;

import java.util.Map;

/** One protocol frame: a JSON header and an optional binary payload of declared length. */
public record Frame(Fields header, byte[] payload) {

    public static final byte[] NO_PAYLOAD = new byte[0];

    public Frame(Map<String, Object> header, byte[] payload) {
        this(new Fields(header), payload);
    }

    public String type() {
        return header.string("type", "");
    }
}
