package dev.mproc.shm;

import java.io.IOException;

/**
 * Makes single values in shared memory without a lock (Python's {@code RawValue(typecode, initial)}): their single
 * operations are still atomic, and {@code getLock()} throws {@link UnsupportedOperationException}. Saves nothing but
 * the lock; {@link Value} makes them with one.
 *
 * <p><b>Thread safety:</b> stateless. <b>Process safety:</b> each value is a new file; see the value classes.
 */
public final class RawValue {

    private RawValue() {
    }

    /**
     * @param initial the initial value
     * @return a new shared {@code int} without a lock
     * @throws IOException when its file cannot be made
     */
    public static IntValue ofInt(final int initial) throws IOException {
        return IntValue.create(initial, false);
    }

    /**
     * @param initial the initial value
     * @return a new shared {@code long} without a lock
     * @throws IOException when its file cannot be made
     */
    public static LongValue ofLong(final long initial) throws IOException {
        return LongValue.create(initial, false);
    }

    /**
     * @param initial the initial value
     * @return a new shared {@code double} without a lock
     * @throws IOException when its file cannot be made
     */
    public static DoubleValue ofDouble(final double initial) throws IOException {
        return DoubleValue.create(initial, false);
    }
}
