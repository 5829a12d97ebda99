package dev.mproc.pipe.internal;

import dev.mproc.internal.wire.FrameFormat;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The framed messages a pipe end has sent, or holds to send, that the other end has not received yet, in stream
 * order: what goes to the next holder of the other end when the one it was sent to ends without reading it.
 *
 * <p>Entries are numbered within the current session from {@code first}; the other end's {@link DeliveryRecord}
 * says how many of them its holder has received, and those are dropped. What the socket and the reader's buffers can
 * hold bounds the log: a sender whose reader does not read waits for room in the socket before it logs more.
 *
 * <p><b>Thread safety:</b> not thread-safe; its {@link FrameSender} guards it with its lock.
 */
final class SentLog {

    private static final int SHRINK_ABOVE = 1024 * 1024;

    private byte[] bytes = new byte[0];
    private int head;
    private int tail;
    /** The session number of the entry at head (1 for the first message of a session). */
    private long first = 1;

    /** Appends one message, framed. */
    void append(final int length, final ByteBuffer body) {
        final int framed = FrameFormat.HEADER_LENGTH + length;
        if (bytes.length - tail < framed) {
            makeRoom(framed);
        }
        ByteBuffer.wrap(bytes, tail, framed).putInt(length).put(body.duplicate());
        tail += framed;
    }

    /**
     * Drops the entries the other end's holder has received.
     *
     * @param delivered how many messages of the current session it has received
     */
    void dropDelivered(final long delivered) {
        while (first <= delivered && head < tail) {
            head += FrameFormat.HEADER_LENGTH + ByteBuffer.wrap(bytes, head, FrameFormat.HEADER_LENGTH).getInt();
            first++;
        }
        if (head == tail) {
            head = 0;
            tail = 0;
            if (bytes.length > SHRINK_ABOVE) {
                // A large message is gone: do not keep its room for ever.
                bytes = new byte[0];
            }
        }
    }

    /**
     * Starts a new session: what is kept will be its first messages, numbered from 1.
     *
     * @return a copy of what is kept, to be written to the new session before anything else
     */
    ByteBuffer startSession() {
        first = 1;
        return ByteBuffer.wrap(Arrays.copyOfRange(bytes, head, tail));
    }

    /** @return whether anything is kept */
    boolean isEmpty() {
        return head == tail;
    }

    private void makeRoom(final int framed) {
        final int kept = tail - head;
        final byte[] target = bytes.length - kept >= framed && head > 0 ? bytes
            : new byte[Math.max(kept + framed, Math.max(4096, bytes.length * 2))];
        System.arraycopy(bytes, head, target, 0, kept);
        bytes = target;
        head = 0;
        tail = kept;
    }
}
