package dev.mproc.shm;

import dev.mproc.shm.internal.ArrayDescriptor;
import dev.mproc.shm.internal.Kind;
import dev.mproc.shm.internal.Segment;
import java.io.IOException;

/**
 * A {@code long} in shared memory (Python's {@code Value('q', ...)}), with atomic operations across processes and,
 * unless created raw, a {@link #getLock()} for compound updates. Made by {@link Value#ofLong(long)} or
 * {@link RawValue#ofLong(long)}.
 *
 * <p><b>Thread safety:</b> safe for concurrent use. <b>Process safety:</b> every operation is atomic across every
 * process that has the value, and <i>volatile</i>: a {@code set} in one process happens-before a {@code get} that
 * sees it in another. A process killed mid-operation leaves the value either updated or not. {@link #close()} is per
 * process; the file goes when its last live user closes it.
 */
public final class LongValue extends SharedData {

    private static final long serialVersionUID = 1L;

    private LongValue(final Segment segment) {
        super(segment, LongValue::attach);
    }

    static LongValue create(final long initial, final boolean hasLock) throws IOException {
        final LongValue value = new LongValue(ArrayDescriptor.create(Kind.VALUE, ArrayDescriptor.LONG, 1, hasLock));
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
    public static LongValue attach(final String name) throws IOException {
        return new LongValue(ArrayDescriptor.attach(name, Kind.VALUE, ArrayDescriptor.LONG));
    }

    /** @return the value (volatile read) */
    public long get() {
        return buffer.getLongVolatile(address());
    }

    /** @param newValue the new value (volatile write) */
    public void set(final long newValue) {
        buffer.putLongVolatile(address(), newValue);
    }

    /**
     * @param newValue the new value
     * @return the previous value
     */
    public long getAndSet(final long newValue) {
        return buffer.getAndSetLong(address(), newValue);
    }

    /**
     * Sets the value if it is the expected one, atomically.
     *
     * @param expected the value it must have
     * @param newValue the value to set
     * @return whether it was set
     */
    public boolean compareAndSet(final long expected, final long newValue) {
        return buffer.compareAndSetLong(address(), expected, newValue);
    }

    /**
     * @param delta what to add
     * @return the previous value
     */
    public long getAndAdd(final long delta) {
        return buffer.getAndAddLong(address(), delta);
    }

    /**
     * @param delta what to add
     * @return the new value
     */
    public long addAndGet(final long delta) {
        return buffer.getAndAddLong(address(), delta) + delta;
    }

    /** @return the new value, one more */
    public long incrementAndGet() {
        return addAndGet(1);
    }

    /** @return the new value, one less */
    public long decrementAndGet() {
        return addAndGet(-1);
    }

    /** @return the previous value, which is then incremented */
    public long getAndIncrement() {
        return getAndAdd(1);
    }
}
