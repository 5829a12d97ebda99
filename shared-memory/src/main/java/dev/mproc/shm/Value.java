package dev.mproc.shm;

import java.io.IOException;

/**
 * Makes single values in shared memory, each with a lock for compound updates (Python's {@code Value(typecode,
 * initial)}); {@link RawValue} makes them without.
 *
 * <pre>{@code
 * DoubleValue num = Value.ofDouble(0.0);
 * Process.start(() -> num.set(3.1415927)).join();
 * double seen = num.get();                     // 3.1415927
 * }</pre>
 *
 * <p><b>Thread safety:</b> stateless. <b>Process safety:</b> each value is a new file; see the value classes.
 */
public final class Value {

    private Value() {
    }

    /**
     * @param initial the initial value
     * @return a new shared {@code int} with a lock
     * @throws IOException when its file cannot be made
     */
    public static IntValue ofInt(final int initial) throws IOException {
        return IntValue.create(initial, true);
    }

    /**
     * @param initial the initial value
     * @return a new shared {@code long} with a lock
     * @throws IOException when its file cannot be made
     */
    public static LongValue ofLong(final long initial) throws IOException {
        return LongValue.create(initial, true);
    }

    /**
     * @param initial the initial value
     * @return a new shared {@code double} with a lock
     * @throws IOException when its file cannot be made
     */
    public static DoubleValue ofDouble(final double initial) throws IOException {
        return DoubleValue.create(initial, true);
    }
}
