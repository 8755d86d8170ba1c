package dev.pyro.protocol;

/** How the agent returns a command's output. */
public enum OutputMode {
    /** Every byte flows back as stdout/stderr frames while the command runs. */
    STREAM,
    /** Head and tail of each stream are kept within a byte budget and sent with the result. */
    CAPTURE;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static OutputMode fromWire(String name) {
        for (OutputMode mode : values()) {
            if (mode.wireName().equals(name)) {
                return mode;
            }
        }
        throw new ProtocolException("field \"output\" must be \"stream\" or \"capture\", got \"" + name + "\"");
    }
}
