package dev.pyro.protocol;

/** One protocol frame: a JSON header and an optional binary payload of declared length. */
public record Frame(Fields header, byte[] payload) {

    public static final byte[] NO_PAYLOAD = new byte[0];

    public String type() {
        return header.string("type", "");
    }
}
