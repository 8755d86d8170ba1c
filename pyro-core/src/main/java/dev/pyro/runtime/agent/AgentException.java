package dev.pyro.runtime.agent;

/** The agent answered with an error, broke the protocol, or could not be reached. */
public class AgentException extends RuntimeException {
    private final String code;

    public AgentException(String code, String message) {
        super(message);
        this.code = code;
    }

    public AgentException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** An agent error code (see the protocol), or {@code unreachable}, {@code timeout}, {@code protocol}. */
    public String code() {
        return code;
    }

    public boolean unreachable() {
        return code.equals(AgentClient.UNREACHABLE) || notListening();
    }

    /** Nothing listens on the socket: the request was never sent (so it is safe to send again). */
    public boolean notListening() {
        return code.equals(AgentClient.NOT_LISTENING);
    }

    /**
     * The sandbox had no room for another process, so nothing was started, and its agent ends
     * it after this answer: a fresh sandbox can take the same request.
     */
    public boolean sandboxFull() {
        return code.equals(dev.pyro.protocol.Protocol.ERROR_SANDBOX_FULL);
    }
}
