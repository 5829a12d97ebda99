package dev.mproc.pipe.internal;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A growable byte array that a codec encodes one message into, reused from message to message.
 *
 * <p><b>Thread safety:</b> not thread-safe; its owner guards it.
 */
public final class EncodeBuffer extends OutputStream {

    private static final int INITIAL = 4 * 1024;
    private static final int KEPT = 1024 * 1024;

    private byte[] bytes = new byte[INITIAL];
    private int length;

    /** Forgets the bytes written so far; storage grown past 1 MiB by a large message is given back. */
    public void reset() {
        length = 0;
        if (bytes.length > KEPT) {
            bytes = new byte[INITIAL];
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

    /** @return the bytes written, as a buffer over this storage (valid until the next write or reset) */
    public ByteBuffer contents() {
        return ByteBuffer.wrap(bytes, 0, length);
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
