package dev.mproc.manager;

import java.time.Duration;

/**
 * A condition variable with its lock, kept by the manager: Python's {@code manager.Condition(lock)}.
 *
 * <p>The lock is a {@link Manager#rLock()} unless one was given: {@code lock()}, then {@code await} releases it
 * while waiting and takes it back before returning; {@code signal} and {@code signalAll} need it held.
 *
 * <p><b>Thread safety:</b> safe for use by several threads. <b>Process safety:</b> waiters in any process are woken;
 * the lock is held by one thread of one process, and a process that dies holding it releases it.
 */
public interface ConditionProxy {

    /** Takes the lock, waiting for it. */
    void lock();

    /**
     * Releases the lock.
     *
     * @throws IllegalMonitorStateException when the calling thread does not hold it
     */
    void unlock();

    /**
     * Releases the lock, waits for a signal, and takes the lock back.
     *
     * @throws InterruptedException         when interrupted while waiting
     * @throws IllegalMonitorStateException when the calling thread does not hold the lock
     */
    void await() throws InterruptedException;

    /**
     * @param timeout how long to wait for a signal at most
     * @return whether a signal came (false when the time ran out); the lock is held again either way
     * @throws InterruptedException when interrupted while waiting
     */
    boolean await(Duration timeout) throws InterruptedException;

    /** Wakes one waiter; the calling thread must hold the lock. */
    void signal();

    /** Wakes every waiter; the calling thread must hold the lock. */
    void signalAll();
}
