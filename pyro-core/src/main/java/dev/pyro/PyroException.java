package dev.pyro;

/**
 * A failure a user can act on: what went wrong ({@link #getMessage()}), a stable {@link
 * #code()} for programs, and where possible the {@link #fix()}. Surfaces print these without
 * a stack trace.
 */
public class PyroException extends RuntimeException {
    private final String code;
    private final String fix;

    public PyroException(String code, String message, String fix) {
        super(message);
        this.code = code;
        this.fix = fix;
    }

    public PyroException(String code, String message, String fix, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.fix = fix;
    }

    public static PyroException invalidArgument(String message) {
        return new PyroException("invalid_argument", message, null);
    }

    public String code() {
        return code;
    }

    /** How to fix it, or {@code null} when there is nothing specific to say. */
    public String fix() {
        return fix;
    }
}
