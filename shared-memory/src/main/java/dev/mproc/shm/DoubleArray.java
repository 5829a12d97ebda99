package dev.mproc.shm;

import dev.mproc.shm.internal.ArrayDescriptor;
import dev.mproc.shm.internal.Kind;
import dev.mproc.shm.internal.Segment;
import java.io.IOException;

/**
 * A fixed-length array of {@code double} in shared memory (Python's {@code Array('d', ...)}), with atomic operations on
 * each element across processes ({@code compareAndSet} compares bit patterns), bulk copies, and, unless created raw, a
 * {@link #getLock()} for compound updates. Made by {@link Array#ofDoubles(double...)}, {@link Array#newDoubles(int)} or
 * their {@link RawArray} forms.
 *
 * <p><b>Thread safety:</b> safe for concurrent use. <b>Process safety:</b> each single-element operation is atomic
 * across processes and <i>volatile</i>. {@link #copyFrom} and {@link #toArray()} are <i>plain</i> bulk copies, not
 * atomic as a whole: hold the {@link #getLock()} on both sides for a consistent snapshot. An index out of range throws
 * {@link IndexOutOfBoundsException}. {@link #close()} is per process; the file goes when its last live user closes it.
 */
public final class DoubleArray extends SharedArray {

    private static final long serialVersionUID = 1L;

    private DoubleArray(final Segment segment) {
        super(segment, DoubleArray::attach);
    }

    static DoubleArray create(final double[] contents, final boolean hasLock) throws IOException {
        final DoubleArray array = new DoubleArray(ArrayDescriptor.create(Kind.ARRAY, ArrayDescriptor.DOUBLE,
            contents.length,
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
    public static DoubleArray attach(final String name) throws IOException {
        return new DoubleArray(ArrayDescriptor.attach(name, Kind.ARRAY, ArrayDescriptor.DOUBLE));
    }

    /**
     * @param index the element's index
     * @return its value (volatile read)
     */
    public double get(final int index) {
        return buffer.getDoubleVolatile(address(index));
    }

    /**
     * @param index    the element's index
     * @param newValue its new value (volatile write)
     */
    public void set(final int index, final double newValue) {
        buffer.putDoubleVolatile(address(index), newValue);
    }

    /**
     * @param index    the element's index
     * @param newValue its new value
     * @return its previous value
     */
    public double getAndSet(final int index, final double newValue) {
        return buffer.getAndSetDouble(address(index), newValue);
    }

    /**
     * Sets an element if its bits are the expected value's, atomically.
     *
     * @param index    the element's index
     * @param expected the value it must have
     * @param newValue the value to set
     * @return whether it was set
     */
    public boolean compareAndSet(final int index, final double expected, final double newValue) {
        return buffer.compareAndSetDouble(address(index), expected, newValue);
    }

    /**
     * Adds to an element atomically (a compare-and-set loop).
     *
     * @param index the element's index
     * @param delta what to add
     * @return its previous value
     */
    public double getAndAdd(final int index, final double delta) {
        return buffer.getAndAddDouble(address(index), delta);
    }

    /**
     * Adds to an element atomically (a compare-and-set loop).
     *
     * @param index the element's index
     * @param delta what to add
     * @return its new value
     */
    public double addAndGet(final int index, final double delta) {
        return getAndAdd(index, delta) + delta;
    }

    /**
     * Copies values into the array from index 0 (plain writes).
     *
     * @param source the values; not longer than the array
     */
    public void copyFrom(final double[] source) {
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
    public void copyFrom(final int index, final double[] source, final int sourceOffset, final int count) {
        buffer.putDoubles(address(index, count), source, sourceOffset, count);
    }

    /** @return a copy of every element (plain reads) */
    public double[] toArray() {
        return buffer.getDoubles(address(0, length()), length());
    }
}
