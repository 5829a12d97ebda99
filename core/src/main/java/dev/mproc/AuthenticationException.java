package dev.mproc;

import java.io.IOException;

/**
 * A connection failed the authkey challenge: the peer does not hold the same authkey, or did not speak the
 * protocol. Nothing the peer sent has been deserialized.
 */
public final class AuthenticationException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the peer where it is known
     */
    public AuthenticationException(final String message) {
        super(message);
    }
}
