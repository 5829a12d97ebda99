package dev.mproc.manager;

/**
 * One value kept by the manager: Python's {@code manager.Value(typecode, value)}, with compare-and-set added.
 *
 * <p><b>Thread safety:</b> safe for use by several threads. <b>Process safety:</b> every call is one atomic step on
 * the server, so {@link #compareAndSet} makes a correct cross-process counter; values cross by serialization.
 *
 * @param <T> the value's type
 */
public interface ValueProxy<T> {

    /** @return the value (a copy) */
    T get();

    /** @param value the new value */
    void set(T value);

    /**
     * @param value the new value
     * @return the value it replaced
     */
    T getAndSet(T value);

    /**
     * Sets the value when it equals the expected one ({@code Objects.equals}), atomically.
     *
     * @param expected the value expected now
     * @param update   the new value
     * @return whether it was set
     */
    boolean compareAndSet(T expected, T update);
}
