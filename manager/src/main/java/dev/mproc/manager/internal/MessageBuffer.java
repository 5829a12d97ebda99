package dev.mproc.manager.internal;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte array for building one message, with big-endian writes and length patching. Not thread-safe: one
 * per connection, used by the thread that holds the connection.
 */
public final class MessageBuffer extends OutputStream {

    private byte[] bytes = new byte[256];
    private int length;

    /** Forgets what was written, keeping the storage. */
    public void reset() {
        length = 0;
    }

    /** @return the bytes written so far (the array itself) */
    public byte[] array() {
        return bytes;
    }

    /** @return how many bytes were written */
    public int length() {
        return length;
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

    void putInt(final int value) {
        ensure(4);
        patchInt(length, value);
        length += 4;
    }

    void putLong(final long value) {
        putInt((int) (value >>> 32));
        putInt((int) value);
    }

    /** Leaves room for an int to be patched later; returns its offset. */
    int reserveInt() {
        ensure(4);
        final int at = length;
        length += 4;
        return at;
    }

    void patchInt(final int at, final int value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
    }

    private void ensure(final int extra) {
        if (length + extra > bytes.length) {
            final long wanted = Math.max((long) bytes.length * 2, (long) length + extra);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new OutOfMemoryError("message larger than the largest Java array");
            }
            bytes = Arrays.copyOf(bytes, (int) wanted);
        }
    }
}
