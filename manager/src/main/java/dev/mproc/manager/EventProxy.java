package dev.mproc.manager;

import java.time.Duration;

/**
 * A flag that processes wait for, kept by the manager: Python's {@code manager.Event()}.
 *
 * <p><b>Thread safety:</b> safe for use by several threads. <b>Process safety:</b> a {@link #set()} in one process
 * wakes every waiter in every process.
 */
public interface EventProxy {

    /** Sets the flag and wakes every waiter. */
    void set();

    /** Clears the flag. */
    void clear();

    /** @return whether the flag is set */
    boolean isSet();

    /**
     * Waits until the flag is set.
     *
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    void await() throws InterruptedException;

    /**
     * @param timeout how long to wait at most
     * @return whether the flag is set (false when the time ran out)
     * @throws InterruptedException when interrupted while waiting
     */
    boolean await(Duration timeout) throws InterruptedException;
}
