package dev.pyro.protocol;

/** A peer sent something that breaks the framed protocol or a request's schema. */
public class ProtocolException extends RuntimeException {
    public ProtocolException(String message) {
        super(message);
    }
}
