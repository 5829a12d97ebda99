package dev.mproc.queue.internal;

import dev.mproc.internal.Codec;
import dev.mproc.internal.wire.FrameBuffer;
import java.io.IOException;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One message being put: the {@link QueueProtocol} header, then an encoded item, in the putting thread's reused
 * {@link FrameBuffer} (which also keeps room for the frame header, so the message goes out without a copy). Valid
 * until the same thread encodes the next item; not thread-safe.
 */
public final class ItemBuffer {

    private static final int KEEP_AT_MOST = 1 << 20;
    private static final byte[] BLANK_HEADER = new byte[QueueProtocol.HEADER_LENGTH];
    private static final ThreadLocal<ItemBuffer> PER_THREAD = ThreadLocal.withInitial(ItemBuffer::new);

    private final FrameBuffer frame = new FrameBuffer(256, KEEP_AT_MOST);

    private ItemBuffer() {
    }

    /**
     * Encodes an item behind a blank header, in this thread's buffer.
     *
     * @param codec     the codec
     * @param value     the item
     * @param queueName the queue, for messages
     * @return this thread's buffer holding the message
     * @throws IllegalArgumentException when the item cannot be encoded (the message names its class)
     */
    public static ItemBuffer encode(final Codec codec, final Object value, final String queueName) {
        final ItemBuffer buffer = PER_THREAD.get();
        buffer.frame.reset();
        buffer.frame.write(BLANK_HEADER, 0, BLANK_HEADER.length);
        try {
            codec.encode(value, buffer.frame);
        } catch (final NotSerializableException e) {
            throw new IllegalArgumentException("cannot put a " + value.getClass().getName() + " on " + queueName
                + ": " + e.getMessage(), e);
        } catch (final IOException e) {
            throw new IllegalArgumentException("cannot encode a " + value.getClass().getName() + " for "
                + queueName + ": " + e.getMessage(), e);
        }
        return buffer;
    }

    /**
     * Puts bytes already encoded behind a blank header, in this thread's buffer.
     *
     * @param encoded an item's bytes
     * @return this thread's buffer holding the message
     */
    public static ItemBuffer wrap(final byte[] encoded) {
        final ItemBuffer buffer = PER_THREAD.get();
        buffer.frame.reset();
        buffer.frame.write(BLANK_HEADER, 0, BLANK_HEADER.length);
        buffer.frame.write(encoded, 0, encoded.length);
        return buffer;
    }

    /**
     * Fills in the header.
     *
     * @param op       the operation
     * @param id       the request id
     * @param argument the argument
     */
    public void writeHeader(final byte op, final long id, final long argument) {
        final ByteBuffer message = frame.contents();
        final int start = message.position();
        message.put(start, op).putLong(start + 1, id).putLong(start + 9, argument);
    }

    /** @return the message, header included, ready to send as one frame */
    public FrameBuffer frame() {
        return frame;
    }

    /** @return the message length, header included */
    public int length() {
        return frame.payloadLength();
    }

    /** @return a copy of the message, for storing */
    public byte[] copy() {
        final ByteBuffer message = frame.contents();
        return Arrays.copyOfRange(message.array(), message.position(), message.limit());
    }
}
