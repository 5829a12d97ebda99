package dev.mproc;

import java.io.IOException;

/**
 * A message did not fit the buffer given to a connection's {@code recvBytesInto}: Python's
 * {@code multiprocessing.BufferTooShort}. The whole message was read off the connection and is carried here, so
 * nothing is lost and the framing is intact.
 */
public final class BufferTooShortException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient byte[] message;

    /**
     * @param message   the whole message
     * @param available the room the buffer had, in bytes
     */
    public BufferTooShortException(final byte[] message, final int available) {
        super("message of " + message.length + " bytes does not fit the " + available
            + " bytes left in the buffer; the whole message is in this exception");
        this.message = message;
    }

    /** @return the whole message */
    public byte[] message() {
        return message;
    }
}
