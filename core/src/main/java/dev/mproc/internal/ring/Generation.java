package dev.mproc.internal.ring;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A counter that waiters block on until it moves: the {@link Wakeup} half every doorbell shares, whatever carries its
 * rings.
 *
 * <p><b>Thread safety:</b> safe for any number of waiting and waking threads.
 */
class Generation implements Wakeup {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition moved = lock.newCondition();
    private volatile long generation;
    private volatile boolean gone;

    @Override
    public long generation() {
        return generation;
    }

    @Override
    public void await(final long seen, final long nanos) throws InterruptedException {
        long left = nanos;
        lock.lockInterruptibly();
        try {
            while (generation == seen && !gone && left > 0) {
                left = moved.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean peerGone() {
        return gone;
    }

    /** Moves the generation on and wakes every waiter. */
    void advance() {
        lock.lock();
        try {
            generation++;
            moved.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Says that the peer is gone, and wakes every waiter to notice it. */
    void peerLeft() {
        gone = true;
        advance();
    }
}
