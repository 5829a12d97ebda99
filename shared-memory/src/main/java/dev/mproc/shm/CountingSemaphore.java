package dev.mproc.shm;

import dev.mproc.shm.internal.Segment;
import dev.mproc.shm.internal.Waiter;
import java.time.Duration;

/**
 * What {@link Semaphore} and {@link BoundedSemaphore} share: the {@link Permits} counter in a file and the ways of
 * taking and giving back permits. They differ only in the bound the file was created with.
 */
abstract class CountingSemaphore extends SharedObject {

    private static final long serialVersionUID = 1L;

    private final transient Permits permits;

    CountingSemaphore(final Segment segment, final Attacher<?> attacher) {
        super(segment, attacher);
        this.permits = new Permits(segment);
    }

    /**
     * Takes a permit, waiting until one is available.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public void acquire() throws InterruptedException {
        ensureOpen();
        permits.acquire(Waiter.forever(true));
    }

    /**
     * Takes a permit if one is available now.
     *
     * @return whether one was taken
     */
    public boolean tryAcquire() {
        ensureOpen();
        return permits.tryAcquire();
    }

    /**
     * Takes a permit, waiting at most the given time.
     *
     * @param timeout how long to wait
     * @return whether one was taken
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean tryAcquire(final Duration timeout) throws InterruptedException {
        ensureOpen();
        return permits.acquire(Waiter.upTo(Permits.check(timeout)));
    }

    /**
     * Gives a permit back.
     *
     * @throws IllegalStateException for a {@link BoundedSemaphore}, when that would exceed its initial number of
     *                               permits
     */
    public void release() {
        release(1);
    }

    /**
     * Gives permits back.
     *
     * @param count how many, 1 or more
     * @throws IllegalStateException for a {@link BoundedSemaphore}, when that would exceed its initial number of
     *                               permits
     */
    public void release(final int count) {
        ensureOpen();
        permits.release(count);
    }

    /** @return the permits available now (a snapshot) */
    public int availablePermits() {
        ensureOpen();
        return permits.available();
    }
}
