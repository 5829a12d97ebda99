package dev.mproc.queue.internal;

import dev.mproc.Codec;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte array holding one message: room for the {@link QueueProtocol} header, then an encoded item. One per
 * putting thread, reused; not thread-safe.
 */
public final class ItemBuffer extends OutputStream {

    private static final int KEEP_AT_MOST = 1 << 20;
    private static final ThreadLocal<ItemBuffer> PER_THREAD = ThreadLocal.withInitial(ItemBuffer::new);

    private byte[] bytes = new byte[256];
    private int length = QueueProtocol.HEADER_LENGTH;

    private ItemBuffer() {
    }

    /**
     * Encodes a value into the calling thread's buffer, before anything is sent, so that an item that cannot be
     * encoded fails in the caller's thread and leaves the queue untouched.
     *
     * @param codec     the codec
     * @param value     the item
     * @param queueName the queue, for the error message
     * @return the thread's buffer holding the message
     * @throws IllegalArgumentException when the item cannot be encoded; the message names its class
     */
    public static ItemBuffer encode(final Codec codec, final Object value, final String queueName) {
        final ItemBuffer buffer = PER_THREAD.get();
        if (buffer.bytes.length > KEEP_AT_MOST) {
            buffer.bytes = new byte[256];
        }
        buffer.length = QueueProtocol.HEADER_LENGTH;
        try {
            codec.encode(value, buffer);
        } catch (final NotSerializableException e) {
            throw new IllegalArgumentException("cannot put a " + value.getClass().getName() + " on " + queueName
                + ": " + e.getMessage(), e);
        } catch (final IOException e) {
            throw new IllegalArgumentException("cannot encode a " + value.getClass().getName() + " for "
                + queueName + ": " + e.getMessage(), e);
        }
        return buffer;
    }

    @Override
    public void write(final int b) {
        ensure(1);
        bytes[length++] = (byte) b;
    }

    @Override
    public void write(final byte[] source, final int offset, final int count) {
        ensure(count);
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
    }

    /** @return the message array; its first {@link #length()} bytes are the message */
    public byte[] array() {
        return bytes;
    }

    /** @return the message length, header included */
    public int length() {
        return length;
    }

    /** @return a copy of the message, for storing */
    public byte[] copy() {
        return Arrays.copyOf(bytes, length);
    }

    private void ensure(final int extra) {
        if (length + extra > bytes.length) {
            final long wanted = Math.max((long) bytes.length * 2, (long) length + extra);
            bytes = Arrays.copyOf(bytes, (int) Math.min(wanted, Integer.MAX_VALUE - 8));
            if (length + extra > bytes.length) {
                throw new OutOfMemoryError("item larger than the largest Java array");
            }
        }
    }
}
