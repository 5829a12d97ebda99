package dev.mproc.internal.pool;

import dev.mproc.Codec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * A growable message under construction, with the primitives of {@link PoolProtocol}; reused by one thread.
 */
final class MessageWriter extends ByteArrayOutputStream {

    MessageWriter(final int initialCapacity) {
        super(initialCapacity);
    }

    MessageWriter putByte(final int value) {
        write(value);
        return this;
    }

    MessageWriter putInt(final int value) {
        ensure(4);
        patchInt(count, value);
        count += 4;
        return this;
    }

    MessageWriter putLong(final long value) {
        putInt((int) (value >>> 32));
        return putInt((int) value);
    }

    MessageWriter putBytes(final byte[] bytes) {
        write(bytes, 0, bytes.length);
        return this;
    }

    /**
     * Appends {@code length:i32 value:bytes} with the value's encoding; on failure nothing is appended.
     *
     * @throws IOException when the value cannot be encoded (the message names the class)
     */
    MessageWriter putValue(final Codec codec, final Object value) throws IOException {
        final int start = count;
        putInt(0);
        try {
            codec.encode(value, this);
        } catch (final IOException | RuntimeException e) {
            count = start;
            throw e;
        }
        patchInt(start, count - start - 4);
        return this;
    }

    /** Copies what was written into an array. */
    byte[] bytes() {
        return toByteArray();
    }

    /** The internal array; valid up to {@link #size()} until the next write. */
    byte[] array() {
        return buf;
    }

    void truncate(final int length) {
        count = length;
    }

    /** Overwrites 8 bytes written before. */
    void patchLong(final int at, final long value) {
        patchInt(at, (int) (value >>> 32));
        patchInt(at + 4, (int) value);
    }

    /** Overwrites 4 bytes written before. */
    void patchInt(final int at, final int value) {
        buf[at] = (byte) (value >>> 24);
        buf[at + 1] = (byte) (value >>> 16);
        buf[at + 2] = (byte) (value >>> 8);
        buf[at + 3] = (byte) value;
    }

    private void ensure(final int extra) {
        if (count + extra > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, count + extra));
        }
    }
}
