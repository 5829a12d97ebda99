package dev.mproc.manager;

import java.time.Duration;

/**
 * A counting semaphore kept by the manager: Python's {@code manager.Semaphore(value)}, or
 * {@code manager.BoundedSemaphore(value)}, which may never hold more permits than it started with.
 *
 * <p><b>Thread safety:</b> safe for use by several threads. <b>Process safety:</b> any process may release; a
 * semaphore has no owner, so permits taken by a process that dies are not given back. A process that dies while it
 * waits takes nothing.
 */
public interface SemaphoreProxy {

    /**
     * Takes a permit, waiting for one.
     *
     * @throws InterruptedException when the calling thread is interrupted while waiting; nothing is taken
     */
    void acquire() throws InterruptedException;

    /** @return whether a permit was taken, without waiting */
    boolean tryAcquire();

    /**
     * @param timeout how long to wait at most
     * @return whether a permit was taken in time
     * @throws InterruptedException when interrupted while waiting; nothing is taken
     */
    boolean tryAcquire(Duration timeout) throws InterruptedException;

    /**
     * Gives a permit back.
     *
     * @throws IllegalStateException when the semaphore is bounded and already holds its initial permits (a release
     *                               without a matching acquire; Python raises {@code ValueError}); nothing changes
     */
    void release();

    /** @return the permits available now */
    int availablePermits();
}
