package dev.mproc.shm;

import dev.mproc.shm.internal.ArrayDescriptor;
import dev.mproc.shm.internal.Kind;
import dev.mproc.shm.internal.Segment;
import java.io.IOException;

/**
 * A fixed-length array of {@code long} in shared memory (Python's {@code Array('q', ...)}), with atomic operations on
 * each element across processes, bulk copies, and, unless created raw, a {@link #getLock()} for compound updates. Made
 * by {@link Array#ofLongs(long...)}, {@link Array#newLongs(int)} or their {@link RawArray} forms.
 *
 * <p><b>Thread safety:</b> safe for concurrent use. <b>Process safety:</b> each single-element operation is atomic
 * across processes and <i>volatile</i>. {@link #copyFrom} and {@link #toArray()} are <i>plain</i> bulk copies, not
 * atomic as a whole: hold the {@link #getLock()} on both sides for a consistent snapshot. An index out of range throws
 * {@link IndexOutOfBoundsException}. {@link #close()} is per process; the file goes when its last live user closes it.
 */
public final class LongArray extends SharedArray {

    private static final long serialVersionUID = 1L;

    private LongArray(final Segment segment) {
        super(segment, LongArray::attach);
    }

    static LongArray create(final long[] contents, final boolean hasLock) throws IOException {
        final LongArray array = new LongArray(ArrayDescriptor.create(Kind.ARRAY, ArrayDescriptor.LONG, contents.length,
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
    public static LongArray attach(final String name) throws IOException {
        return new LongArray(ArrayDescriptor.attach(name, Kind.ARRAY, ArrayDescriptor.LONG));
    }

    /**
     * @param index the element's index
     * @return its value (volatile read)
     */
    public long get(final int index) {
        return buffer.getLongVolatile(address(index));
    }

    /**
     * @param index    the element's index
     * @param newValue its new value (volatile write)
     */
    public void set(final int index, final long newValue) {
        buffer.putLongVolatile(address(index), newValue);
    }

    /**
     * @param index    the element's index
     * @param newValue its new value
     * @return its previous value
     */
    public long getAndSet(final int index, final long newValue) {
        return buffer.getAndSetLong(address(index), newValue);
    }

    /**
     * Sets an element if it has the expected value, atomically.
     *
     * @param index    the element's index
     * @param expected the value it must have
     * @param newValue the value to set
     * @return whether it was set
     */
    public boolean compareAndSet(final int index, final long expected, final long newValue) {
        return buffer.compareAndSetLong(address(index), expected, newValue);
    }

    /**
     * @param index the element's index
     * @param delta what to add
     * @return its previous value
     */
    public long getAndAdd(final int index, final long delta) {
        return buffer.getAndAddLong(address(index), delta);
    }

    /**
     * @param index the element's index
     * @param delta what to add
     * @return its new value
     */
    public long addAndGet(final int index, final long delta) {
        return buffer.getAndAddLong(address(index), delta) + delta;
    }

    /**
     * @param index the element's index
     * @return its new value, one more
     */
    public long incrementAndGet(final int index) {
        return addAndGet(index, 1);
    }

    /**
     * @param index the element's index
     * @return its new value, one less
     */
    public long decrementAndGet(final int index) {
        return addAndGet(index, -1);
    }

    /**
     * Copies values into the array from index 0 (plain writes).
     *
     * @param source the values; not longer than the array
     */
    public void copyFrom(final long[] source) {
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
    public void copyFrom(final int index, final long[] source, final int sourceOffset, final int count) {
        buffer.putLongs(address(index, count), source, sourceOffset, count);
    }

    /** @return a copy of every element (plain reads) */
    public long[] toArray() {
        return buffer.getLongs(address(0, length()), length());
    }
}
