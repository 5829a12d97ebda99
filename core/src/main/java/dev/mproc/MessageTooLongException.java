package dev.mproc;

import java.io.IOException;

/**
 * A message was longer than the receiver would take. The message has been read and discarded, so the connection's
 * framing is intact and the next receive returns the next message.
 */
public final class MessageTooLongException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long length;
    private final long maxLength;

    /**
     * @param length    the length of the discarded message, in bytes
     * @param maxLength the most the receiver would take
     */
    public MessageTooLongException(final long length, final long maxLength) {
        super("message of " + length + " bytes is longer than the maximum of " + maxLength
            + " bytes; it was discarded and the connection is still usable");
        this.length = length;
        this.maxLength = maxLength;
    }

    /** @return the length of the discarded message, in bytes */
    public long length() {
        return length;
    }

    /** @return the most the receiver would take, in bytes */
    public long maxLength() {
        return maxLength;
    }
}
