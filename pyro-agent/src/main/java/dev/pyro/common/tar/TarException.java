package dev.pyro.common.tar;

import java.io.IOException;

/** A malformed or unsafe archive; the message says which member and why. */
public class TarException extends IOException {
    public TarException(String message) {
        super(message);
    }
}
