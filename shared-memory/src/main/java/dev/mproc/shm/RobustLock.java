package dev.mproc.shm;

import dev.mproc.shm.internal.RobustMutex;
import dev.mproc.shm.internal.Segment;
import dev.mproc.shm.internal.Waiter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What {@link Lock} and {@link RLock} share: a {@link RobustMutex} in a file, and the ways of acquiring it. They
 * differ only in what happens when the owning thread locks again ({@link #reenter()}) and in how they unlock.
 */
abstract class RobustLock extends SharedObject implements java.util.concurrent.locks.Lock {

    private static final long serialVersionUID = 1L;

    /** The mutex in the file; {@link Condition} waits on it too. */
    final transient RobustMutex mutex;

    RobustLock(final Segment segment, final int offset, final Attacher<?> attacher) {
        super(segment, attacher);
        this.mutex = new RobustMutex(segment, offset);
    }

    /**
     * Called before every acquisition, once this is known to be open.
     *
     * @return true when the calling thread holds the lock already and has taken one more hold (nothing to acquire),
     *         false when the mutex is to be acquired
     * @throws IllegalStateException when the calling thread holds the lock already and the lock is not reentrant
     */
    abstract boolean reenter();

    /** Acquires the lock, waiting as long as it takes; interruption is remembered, not thrown. */
    @Override
    public void lock() {
        if (enter() || mutex.tryAcquireFree()) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                mutex.acquire(Waiter.forever(true));
                break;
            } catch (final InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Acquires the lock unless the thread is interrupted.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    @Override
    public void lockInterruptibly() throws InterruptedException {
        if (!enter() && !mutex.tryAcquireFree()) {
            mutex.acquire(Waiter.forever(true));
        }
    }

    /**
     * Acquires the lock if it is free now (or its owner is dead).
     *
     * @return whether it was acquired
     */
    @Override
    public boolean tryLock() {
        return enter() || mutex.tryAcquire();
    }

    /**
     * Acquires the lock, waiting at most the given time.
     *
     * @param timeout how long to wait
     * @return whether it was acquired
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean tryLock(final Duration timeout) throws InterruptedException {
        return enter() || mutex.tryAcquireFree() || mutex.acquire(Waiter.upTo(timeout));
    }

    /**
     * Acquires the lock, waiting at most the given time.
     *
     * @param time how long to wait
     * @param unit the unit of {@code time}
     * @return whether it was acquired
     * @throws InterruptedException when interrupted while waiting
     */
    @Override
    public boolean tryLock(final long time, final TimeUnit unit) throws InterruptedException {
        return tryLock(Duration.ofNanos(unit.toNanos(time)));
    }

    /**
     * Whether the calling thread's hold of this lock was taken over from a process that died holding it; the data it
     * guards may then be inconsistent.
     *
     * @return true when the previous owner died
     * @throws IllegalMonitorStateException when the calling thread does not hold the lock
     */
    public boolean ownerDied() {
        ensureOpen();
        mutex.requireHeld();
        return mutex.recovered();
    }

    /** @return whether the calling thread holds this lock */
    public boolean isHeldByCurrentThread() {
        ensureOpen();
        return mutex.isHeldByCurrentThread();
    }

    /** @return whether any thread of any process holds this lock (a snapshot) */
    public boolean isLocked() {
        ensureOpen();
        return mutex.isLocked();
    }

    /**
     * An estimate of how many threads, of all processes, wait to acquire this lock, as
     * {@link java.util.concurrent.locks.ReentrantLock#getQueueLength()}: for monitoring and tests, not for
     * synchronization. A process killed while it waits stays counted.
     *
     * @return the number of waiting threads (a snapshot)
     */
    public int getQueueLength() {
        ensureOpen();
        return mutex.waiters();
    }

    private boolean enter() {
        ensureOpen();
        return reenter();
    }
}
