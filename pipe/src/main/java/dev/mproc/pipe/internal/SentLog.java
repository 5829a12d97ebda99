package dev.mproc.pipe.internal;

import dev.mproc.internal.wire.FrameFormat;
import java.nio.ByteBuffer;

/**
 * The framed messages a pipe end has sent, or holds to send, that the other end has not received yet, in stream
 * order: what goes to the next holder of the other end when the one it was sent to ends without reading it.
 *
 * <p>Entries are numbered within the current session from {@code first}; the other end's {@link DeliveryRecord}
 * says how many of them its holder has received, and those are dropped. What the socket and the reader's buffers can
 * hold bounds the log: a sender whose reader does not read waits for room in the socket before it logs more.
 *
 * <p>A message longer than {@value #KEPT_MESSAGE_LIMIT} bytes is not copied (that would double the memory of a sender
 * of huge messages): it is logged as a skipped entry, a header of length -1, which keeps the numbering and is never
 * written again. If the holder it was sent to ends before receiving it, it is lost with that holder.
 *
 * <pre>
 *   entry: int length (big-endian), then length bytes    a kept message, framed as on the wire
 *          int -1                                        a message too long to keep
 * </pre>
 *
 * <p><b>Thread safety:</b> not thread-safe; its {@link FrameSender} guards it with its lock.
 */
final class SentLog {

    /** The longest message copied into the log. */
    static final int KEPT_MESSAGE_LIMIT = 16 * 1024 * 1024;

    private static final int SKIPPED = -1;
    private static final int SHRINK_ABOVE = 8 * 1024 * 1024;

    private byte[] bytes = new byte[0];
    private int head;
    private int tail;
    /** The session number of the entry at head (1 for the first message of a session). */
    private long first = 1;

    /** Appends one message, framed. */
    void append(final int length, final ByteBuffer body) {
        final boolean kept = length <= KEPT_MESSAGE_LIMIT;
        final int framed = FrameFormat.HEADER_LENGTH + (kept ? length : 0);
        if (bytes.length - tail < framed) {
            makeRoom(framed);
        }
        putInt(tail, kept ? length : SKIPPED);
        if (kept) {
            if (body.hasArray()) {
                System.arraycopy(body.array(), body.arrayOffset() + body.position(), bytes,
                    tail + FrameFormat.HEADER_LENGTH, length);
            } else {
                body.duplicate().get(bytes, tail + FrameFormat.HEADER_LENGTH, length);
            }
        }
        tail += framed;
    }

    /**
     * Drops the entries the other end's holder has received.
     *
     * @param delivered how many messages of the current session it has received
     */
    void dropDelivered(final long delivered) {
        while (first <= delivered && head < tail) {
            head += entryLength(head);
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
        final byte[] copy = new byte[tail - head];
        int copied = 0;
        for (int at = head; at < tail; at += entryLength(at)) {
            if (getInt(at) != SKIPPED) {
                System.arraycopy(bytes, at, copy, copied, entryLength(at));
                copied += entryLength(at);
            }
        }
        // Skipped entries are not sent again, so they leave the log: what is kept is numbered as it will arrive.
        head = 0;
        tail = copied;
        System.arraycopy(copy, 0, bytes, 0, copied);
        return ByteBuffer.wrap(copy, 0, copied);
    }

    /** @return the bytes kept */
    int size() {
        return tail - head;
    }

    private int entryLength(final int at) {
        final int length = getInt(at);
        return FrameFormat.HEADER_LENGTH + (length == SKIPPED ? 0 : length);
    }

    /** Big-endian, as the frame header on the wire. */
    private int getInt(final int at) {
        return (bytes[at] & 0xFF) << 24 | (bytes[at + 1] & 0xFF) << 16 | (bytes[at + 2] & 0xFF) << 8
            | bytes[at + 3] & 0xFF;
    }

    private void putInt(final int at, final int value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
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
