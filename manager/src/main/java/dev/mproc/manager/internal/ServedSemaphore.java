package dev.mproc.manager.internal;

import dev.mproc.manager.SemaphoreProxy;
import java.time.Duration;

/**
 * The server's side of a semaphore, bounded or not; waits are in slices so that a waiter whose client died takes
 * nothing.
 */
final class ServedSemaphore implements SemaphoreProxy {

    private final boolean bounded;
    private final int initial;
    private int permits;

    ServedSemaphore(final int permits, final boolean bounded) {
        if (permits < 0) {
            throw new IllegalArgumentException("a semaphore cannot start with " + permits + " permits");
        }
        this.permits = permits;
        this.initial = permits;
        this.bounded = bounded;
    }

    @Override
    public void acquire() {
        take(Long.MAX_VALUE);
    }

    @Override
    public synchronized boolean tryAcquire() {
        if (permits == 0) {
            return false;
        }
        permits--;
        return true;
    }

    @Override
    public boolean tryAcquire(final Duration timeout) {
        return take(timeout.toNanos());
    }

    @Override
    public synchronized void release() {
        if (bounded && permits >= initial) {
            throw new IllegalStateException("a bounded semaphore of " + initial + " permits was released too many "
                + "times");
        }
        permits++;
        notifyAll();
    }

    @Override
    public synchronized int availablePermits() {
        return permits;
    }

    private synchronized boolean take(final long timeoutNanos) {
        final long deadline = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
        while (permits == 0) {
            final long remaining = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            CallContext.awaitSlice(this, remaining);
        }
        CallContext.current().checkPeer();
        permits--;
        return true;
    }

    @Override
    public synchronized String toString() {
        return (bounded ? "BoundedSemaphore(" + permits + "/" + initial : "Semaphore(" + permits) + ")";
    }
}
