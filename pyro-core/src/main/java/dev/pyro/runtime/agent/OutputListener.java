package dev.pyro.runtime.agent;

/** Receives a streamed command's output as it arrives, chunk by chunk. */
public interface OutputListener {
    void stdout(byte[] chunk);

    void stderr(byte[] chunk);
}
