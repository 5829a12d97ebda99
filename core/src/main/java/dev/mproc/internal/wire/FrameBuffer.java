package dev.mproc.internal.wire;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte array that keeps room in front for a frame header, so that an encoded message goes out in one
 * write without being copied. Not thread-safe; reuse one per sending thread.
 */
public final class FrameBuffer extends OutputStream {

    private byte[] bytes;
    private int length = FrameFormat.MAX_HEADER_LENGTH;

    /**
     * @param initialCapacity the payload bytes to make room for at first
     */
    public FrameBuffer(final int initialCapacity) {
        bytes = new byte[FrameFormat.MAX_HEADER_LENGTH + Math.max(16, initialCapacity)];
    }

    /** Forgets the payload written so far, keeping the storage. */
    public void reset() {
        length = FrameFormat.MAX_HEADER_LENGTH;
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

    /** @return the number of payload bytes written */
    public int payloadLength() {
        return length - FrameFormat.MAX_HEADER_LENGTH;
    }

    byte[] array() {
        return bytes;
    }

    int end() {
        return length;
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
