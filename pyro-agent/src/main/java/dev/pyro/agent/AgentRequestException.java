package dev.pyro.agent;

/** A request the agent understood but cannot carry out; becomes an error frame. */
final class AgentRequestException extends RuntimeException {
    private final String code;

    AgentRequestException(String code, String message) {
        super(message);
        this.code = code;
    }

    String code() {
        return code;
    }
}
