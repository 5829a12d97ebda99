package dev.mproc.shm;

import dev.mproc.shm.internal.ArrayDescriptor;
import dev.mproc.shm.internal.Kind;
import dev.mproc.shm.internal.Segment;
import java.io.IOException;

/**
 * A {@code double} in shared memory (Python's {@code Value('d', ...)}), with atomic operations across processes
 * and, unless created raw, a {@link #getLock()} for compound updates. Made by {@link Value#ofDouble(double)} or
 * {@link RawValue#ofDouble(double)}. {@link #compareAndSet} compares bit patterns, as
 * {@link Double#doubleToRawLongBits} gives them ({@code -0.0} is not {@code 0.0}, a NaN equals the same NaN).
 *
 * <p><b>Thread safety:</b> safe for concurrent use. <b>Process safety:</b> every operation is atomic across every
 * process that has the value, and <i>volatile</i>: a {@code set} in one process happens-before a {@code get} that
 * sees it in another. A process killed mid-operation leaves the value either updated or not. {@link #close()} is per
 * process; the file goes when its last live user closes it.
 */
public final class DoubleValue extends SharedData {

    private static final long serialVersionUID = 1L;

    private DoubleValue(final Segment segment) {
        super(segment, DoubleValue::attach);
    }

    static DoubleValue create(final double initial, final boolean hasLock) throws IOException {
        final DoubleValue value = new DoubleValue(ArrayDescriptor.create(Kind.VALUE, ArrayDescriptor.DOUBLE, 1,
            hasLock));
        value.set(initial);
        return value;
    }

    /**
     * Attaches to a value created by another process.
     *
     * @param name its {@link #name()}
     * @return the value
     * @throws IOException when there is no such value, or the name is of something else
     */
    public static DoubleValue attach(final String name) throws IOException {
        return new DoubleValue(ArrayDescriptor.attach(name, Kind.VALUE, ArrayDescriptor.DOUBLE));
    }

    /** @return the value (volatile read) */
    public double get() {
        return buffer.getDoubleVolatile(address());
    }

    /** @param newValue the new value (volatile write) */
    public void set(final double newValue) {
        buffer.putDoubleVolatile(address(), newValue);
    }

    /**
     * @param newValue the new value
     * @return the previous value
     */
    public double getAndSet(final double newValue) {
        return buffer.getAndSetDouble(address(), newValue);
    }

    /**
     * Sets the value if its bits are the expected one's, atomically.
     *
     * @param expected the value it must have
     * @param newValue the value to set
     * @return whether it was set
     */
    public boolean compareAndSet(final double expected, final double newValue) {
        return buffer.compareAndSetDouble(address(), expected, newValue);
    }

    /**
     * Adds atomically (a compare-and-set loop).
     *
     * @param delta what to add
     * @return the previous value
     */
    public double getAndAdd(final double delta) {
        return buffer.getAndAddDouble(address(), delta);
    }

    /**
     * Adds atomically (a compare-and-set loop).
     *
     * @param delta what to add
     * @return the new value
     */
    public double addAndGet(final double delta) {
        return getAndAdd(delta) + delta;
    }
}
