package dev.mproc.internal.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The storage of one message being received, grown as its bytes arrive rather than allocated from its header: a
 * header that declares 1 GiB and is followed by nothing costs {@link #FIRST_CHUNK} bytes, not 1 GiB. The array
 * doubles each time it fills, up to the declared length, so a message that does arrive is copied less than once more
 * on average.
 *
 * <p><b>Thread safety:</b> not thread-safe; used by the one thread receiving the message.
 */
final class IncomingMessage {

    /** The storage made before any byte of the message arrives (and all a shorter message gets). */
    static final int FIRST_CHUNK = 64 * 1024;

    private final int length;
    private byte[] bytes;
    private int received;

    /**
     * @param length the message length its header declares
     */
    IncomingMessage(final int length) {
        this.length = length;
        this.bytes = new byte[Math.min(length, FIRST_CHUNK)];
    }

    /**
     * The room for the next bytes, grown first when the storage is full.
     *
     * @return a buffer over the free part of the storage; never beyond the declared length
     */
    ByteBuffer room() {
        if (received == bytes.length && received < length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(length, 2L * bytes.length));
        }
        return ByteBuffer.wrap(bytes, received, bytes.length - received);
    }

    /**
     * Counts bytes written into the {@link #room()}.
     *
     * @param count how many
     */
    void received(final int count) {
        received += count;
    }

    /** @return whether every declared byte has arrived */
    boolean isComplete() {
        return received == length;
    }

    /** @return the storage allocated so far, in bytes */
    int capacity() {
        return bytes.length;
    }

    /** @return the storage; exactly the message once {@link #isComplete()} */
    byte[] bytes() {
        return bytes;
    }
}
