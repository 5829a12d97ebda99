package dev.mproc.internal.wire;

import java.io.IOException;

/**
 * A message did not fit the buffer it was to be received into; it carries the whole message, so nothing is lost.
 */
public final class BufferTooShortException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient byte[] message;

    /**
     * @param message   the whole message, read off the connection
     * @param available the room the buffer had
     */
    public BufferTooShortException(final byte[] message, final int available) {
        super("message of " + message.length + " bytes does not fit the " + available + " bytes left in the buffer");
        this.message = message;
    }

    /** @return the whole message */
    public byte[] message() {
        return message;
    }
}
