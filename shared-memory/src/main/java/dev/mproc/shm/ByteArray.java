package dev.mproc.shm;

import dev.mproc.shm.internal.ArrayDescriptor;
import dev.mproc.shm.internal.Kind;
import dev.mproc.shm.internal.Segment;
import java.io.IOException;

/**
 * A fixed-length array of {@code byte} in shared memory (Python's {@code Array('b', ...)}), with <i>volatile</i> reads
 * and writes of each element across processes (no read-modify-write: the hardware has no byte compare-and-set to
 * share; use the lock), bulk copies, and, unless created raw, a {@link #getLock()} for compound updates. Made
 * by {@link Array#ofBytes(byte...)}, {@link Array#newBytes(int)} or their {@link RawArray} forms.
 *
 * <p><b>Thread safety:</b> safe for concurrent use. <b>Process safety:</b> each single-element read or write is
 * <i>volatile</i>. {@link #copyFrom} and {@link #toArray()} are <i>plain</i> bulk copies, not
 * atomic as a whole: hold the {@link #getLock()} on both sides for a consistent snapshot. An index out of range throws
 * {@link IndexOutOfBoundsException}. {@link #close()} is per process; the file goes when its last live user closes it.
 */
public final class ByteArray extends SharedArray {

    private static final long serialVersionUID = 1L;

    private ByteArray(final Segment segment) {
        super(segment, ByteArray::attach);
    }

    static ByteArray create(final byte[] contents, final boolean hasLock) throws IOException {
        final ByteArray array = new ByteArray(ArrayDescriptor.create(Kind.ARRAY, ArrayDescriptor.BYTE, contents.length,
            hasLock));
        array.copyFrom(contents);
        return array;
    }

    /**
     * Attaches to an array created by another process.
     *
     * @param name its {@link #name()}
     * @return the array
     * @throws IOException when there is no such array, or the name is of something else
     */
    public static ByteArray attach(final String name) throws IOException {
        return new ByteArray(ArrayDescriptor.attach(name, Kind.ARRAY, ArrayDescriptor.BYTE));
    }

    /**
     * @param index the element's index
     * @return its value (volatile read)
     */
    public byte get(final int index) {
        return buffer.getByteVolatile(address(index));
    }

    /**
     * @param index    the element's index
     * @param newValue its new value (volatile write)
     */
    public void set(final int index, final byte newValue) {
        buffer.putByteVolatile(address(index), newValue);
    }

    /**
     * Copies values into the array from index 0 (plain writes).
     *
     * @param source the values; not longer than the array
     */
    public void copyFrom(final byte[] source) {
        copyFrom(0, source, 0, source.length);
    }

    /**
     * Copies values into the array (plain writes).
     *
     * @param index        where the first value goes
     * @param source       the values
     * @param sourceOffset the first value's index in {@code source}
     * @param count        how many values
     */
    public void copyFrom(final int index, final byte[] source, final int sourceOffset, final int count) {
        buffer.putBytes(address(index, count), source, sourceOffset, count);
    }

    /** @return a copy of every element (plain reads) */
    public byte[] toArray() {
        return buffer.getBytes(address(0, length()), length());
    }
}
