package dev.mproc.shm;

import dev.mproc.shm.internal.ArrayDescriptor;
import dev.mproc.shm.internal.Kind;
import dev.mproc.shm.internal.Segment;
import java.io.IOException;

/**
 * An {@code int} in shared memory (Python's {@code Value('i', ...)}), with atomic operations across processes and,
 * unless created raw, a {@link #getLock()} for compound updates. Made by {@link Value#ofInt(int)} or
 * {@link RawValue#ofInt(int)}.
 *
 * <p><b>Thread safety:</b> safe for concurrent use. <b>Process safety:</b> every operation is atomic across every
 * process that has the value, and <i>volatile</i>: a {@code set} in one process happens-before a {@code get} that
 * sees it in another. A process killed mid-operation leaves the value either updated or not. {@link #close()} is per
 * process; the file goes when its last live user closes it.
 */
public final class IntValue extends SharedData {

    private static final long serialVersionUID = 1L;

    private IntValue(final Segment segment) {
        super(segment, IntValue::attach);
    }

    static IntValue create(final int initial, final boolean hasLock) throws IOException {
        final IntValue value = new IntValue(ArrayDescriptor.create(Kind.VALUE, ArrayDescriptor.INT, 1, hasLock));
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
    public static IntValue attach(final String name) throws IOException {
        return new IntValue(ArrayDescriptor.attach(name, Kind.VALUE, ArrayDescriptor.INT));
    }

    /** @return the value (volatile read) */
    public int get() {
        return buffer.getIntVolatile(address());
    }

    /** @param newValue the new value (volatile write) */
    public void set(final int newValue) {
        buffer.putIntVolatile(address(), newValue);
    }

    /**
     * @param newValue the new value
     * @return the previous value
     */
    public int getAndSet(final int newValue) {
        return buffer.getAndSetInt(address(), newValue);
    }

    /**
     * Sets the value if it is the expected one, atomically.
     *
     * @param expected the value it must have
     * @param newValue the value to set
     * @return whether it was set
     */
    public boolean compareAndSet(final int expected, final int newValue) {
        return buffer.compareAndSetInt(address(), expected, newValue);
    }

    /**
     * @param delta what to add
     * @return the previous value
     */
    public int getAndAdd(final int delta) {
        return buffer.getAndAddInt(address(), delta);
    }

    /**
     * @param delta what to add
     * @return the new value
     */
    public int addAndGet(final int delta) {
        return buffer.getAndAddInt(address(), delta) + delta;
    }

    /** @return the new value, one more */
    public int incrementAndGet() {
        return addAndGet(1);
    }

    /** @return the new value, one less */
    public int decrementAndGet() {
        return addAndGet(-1);
    }

    /** @return the previous value, which is then incremented */
    public int getAndIncrement() {
        return getAndAdd(1);
    }
}
