package dev.mproc.cluster.internal;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The open work of a cluster pool and its state: open, closing (no new work; the open work finishes), terminated
 * (open work cancelled). {@code close} and {@code join} wait until no work is open.
 */
public final class WorkSet {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition empty = lock.newCondition();
    /** Each open work's canceller. Guarded by lock. */
    private final Set<Consumer<CancellationException>> open = new HashSet<>();
    /** Guarded by lock. */
    private boolean closing;

    /**
     * Opens a work.
     *
     * @param cancel fails the work when the pool is terminated
     * @throws IllegalStateException when the pool was closed or terminated
     */
    public void open(final Consumer<CancellationException> cancel) {
        lock.lock();
        try {
            if (closing) {
                throw new IllegalStateException("the cluster pool was closed");
            }
            open.add(cancel);
        } finally {
            lock.unlock();
        }
    }

    /** @param cancel the canceller of a work that has ended */
    public void closed(final Consumer<CancellationException> cancel) {
        lock.lock();
        try {
            if (open.remove(cancel) && open.isEmpty()) {
                empty.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Takes no more work. */
    public void close() {
        lock.lock();
        try {
            closing = true;
        } finally {
            lock.unlock();
        }
    }

    /** Takes no more work and cancels the open work. */
    public void terminate() {
        final Set<Consumer<CancellationException>> cancels;
        lock.lock();
        try {
            closing = true;
            cancels = new HashSet<>(open);
        } finally {
            lock.unlock();
        }
        // Outside the lock: a cancel runs callbacks and ends its work, which takes the lock.
        cancels.forEach(cancel -> cancel.accept(new CancellationException("the cluster pool was terminated")));
    }

    /** @return whether it was closed or terminated */
    public boolean isClosing() {
        lock.lock();
        try {
            return closing;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until no work is open, at most the timeout.
     *
     * @param nanos how long to wait
     * @return whether no work is open
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitEmpty(final long nanos) throws InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (!open.isEmpty()) {
                if (nanos == Long.MAX_VALUE) {
                    empty.await();
                } else if (left <= 0) {
                    return false;
                } else {
                    left = empty.awaitNanos(left);
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
