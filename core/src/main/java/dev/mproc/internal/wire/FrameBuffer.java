package dev.mproc.internal.wire;

import dev.mproc.internal.Codec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A growable byte array that one message is encoded into, reused from message to message. It keeps room in front
 * for a frame header, so that {@link FrameChannel#send(FrameBuffer)} sends the message in one write without copying
 * it; {@link #contents()} gives the payload to anything else that sends a {@link ByteBuffer}. Offsets taken and
 * given by {@link #reserveInt()} and {@link #patchInt(int, int)} count from the start of the payload.
 *
 * <p><b>Thread safety:</b> not thread-safe; reuse one per sending thread, or guard it.
 *
 * <p><b>Process safety:</b> local to one process.
 */
public final class FrameBuffer extends OutputStream {

    private static final int HEADROOM = FrameFormat.MAX_HEADER_LENGTH;

    private final int initialCapacity;
    private final int keptCapacity;
    private byte[] bytes;
    private int length = HEADROOM;

    /**
     * Makes a buffer that keeps the storage it grows to.
     *
     * @param initialCapacity the payload bytes to make room for at first
     */
    public FrameBuffer(final int initialCapacity) {
        this(initialCapacity, Integer.MAX_VALUE);
    }

    /**
     * Makes a buffer that gives back, on {@link #reset()}, storage a large message grew past a limit.
     *
     * @param initialCapacity the payload bytes to make room for at first, and again after storage is given back
     * @param keptCapacity    the payload capacity kept across a reset
     */
    public FrameBuffer(final int initialCapacity, final int keptCapacity) {
        this.initialCapacity = Math.max(16, initialCapacity);
        this.keptCapacity = keptCapacity;
        bytes = new byte[HEADROOM + this.initialCapacity];
    }

    /** Forgets the payload written so far; storage grown past the kept capacity is given back. */
    public void reset() {
        length = HEADROOM;
        if (bytes.length - HEADROOM > keptCapacity) {
            bytes = new byte[HEADROOM + initialCapacity];
        }
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

    /**
     * Appends one byte.
     *
     * @param value the byte, in the low 8 bits
     * @return this buffer
     */
    public FrameBuffer putByte(final int value) {
        write(value);
        return this;
    }

    /**
     * Appends a big-endian int.
     *
     * @param value the int
     * @return this buffer
     */
    public FrameBuffer putInt(final int value) {
        patchInt(reserveInt(), value);
        return this;
    }

    /**
     * Appends a big-endian long.
     *
     * @param value the long
     * @return this buffer
     */
    public FrameBuffer putLong(final long value) {
        putInt((int) (value >>> 32));
        return putInt((int) value);
    }

    /**
     * Appends bytes as they are.
     *
     * @param source the bytes
     * @return this buffer
     */
    public FrameBuffer putBytes(final byte[] source) {
        write(source, 0, source.length);
        return this;
    }

    /**
     * Appends {@code length:i32 value:bytes}, the value in the codec's encoding; when it cannot be encoded, nothing is
     * appended.
     *
     * @param codec how to encode it
     * @param value the value
     * @return this buffer
     * @throws IOException when the value cannot be encoded (the message names the class)
     */
    public FrameBuffer putValue(final Codec codec, final Object value) throws IOException {
        final int mark = payloadLength();
        final int lengthAt = reserveInt();
        try {
            codec.encode(value, this);
        } catch (final IOException | RuntimeException e) {
            truncate(mark);
            throw e;
        }
        patchInt(lengthAt, payloadLength() - lengthAt - 4);
        return this;
    }

    /**
     * Forgets what was appended after a point, keeping the storage.
     *
     * @param payloadLength the payload length to go back to, as {@link #payloadLength()} gave it
     */
    public void truncate(final int payloadLength) {
        if (payloadLength < 0 || payloadLength > this.payloadLength()) {
            throw new IndexOutOfBoundsException("truncate to " + payloadLength + " of " + this.payloadLength());
        }
        length = HEADROOM + payloadLength;
    }

    /**
     * Leaves room for an int to be patched later.
     *
     * @return its offset in the payload
     */
    public int reserveInt() {
        ensure(4);
        final int at = length - HEADROOM;
        length += 4;
        return at;
    }

    /**
     * Overwrites four payload bytes already written with a big-endian int.
     *
     * @param at    the offset in the payload, as {@link #reserveInt()} gave it
     * @param value the int
     */
    public void patchInt(final int at, final int value) {
        final int index = HEADROOM + at;
        bytes[index] = (byte) (value >>> 24);
        bytes[index + 1] = (byte) (value >>> 16);
        bytes[index + 2] = (byte) (value >>> 8);
        bytes[index + 3] = (byte) value;
    }

    /**
     * Overwrites eight payload bytes already written with a big-endian long.
     *
     * @param at    the offset in the payload
     * @param value the long
     */
    public void patchLong(final int at, final long value) {
        patchInt(at, (int) (value >>> 32));
        patchInt(at + 4, (int) value);
    }

    /** @return the number of payload bytes written */
    public int payloadLength() {
        return length - HEADROOM;
    }

    /** @return the payload, as a buffer over this storage (valid until the next write or reset) */
    public ByteBuffer contents() {
        return ByteBuffer.wrap(bytes, HEADROOM, length - HEADROOM);
    }

    /** @return a copy of the payload */
    public byte[] toByteArray() {
        return Arrays.copyOfRange(bytes, HEADROOM, length);
    }

    byte[] array() {
        return bytes;
    }

    private void ensure(final int extra) {
        if (length + extra > bytes.length) {
            final long wanted = Math.max((long) bytes.length * 2, (long) length + extra);
            bytes = Arrays.copyOf(bytes, (int) Math.min(wanted, Integer.MAX_VALUE - 8));
            if (length + extra > bytes.length) {
                throw new OutOfMemoryError("message larger than the largest Java array");
            }
        }
    }
}
