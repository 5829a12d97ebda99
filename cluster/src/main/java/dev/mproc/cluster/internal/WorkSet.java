package dev.mproc.cluster.internal;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The open work of a cluster pool and its state: open, closing (no new work; the open work finishes), terminated
 * (open work cancelled). {@code close} and {@code join} wait until no work is open.
 */
public final class WorkSet {

    /** An open work, as the pool's lifecycle sees it. */
    public interface Work {

        /** @param cause fails the work: the pool was terminated */
        void cancel(CancellationException cause);

        /** The pool is closing: the work must finish without waiting for its caller (an iterator's input). */
        default void closing() {
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition empty = lock.newCondition();
    /** Guarded by lock. */
    private final Set<Work> open = new HashSet<>();
    /** Guarded by lock. */
    private boolean closing;

    /**
     * Opens a work.
     *
     * @param work the work
     * @throws IllegalStateException when the pool was closed or terminated
     */
    public void open(final Work work) {
        lock.lock();
        try {
            if (closing) {
                throw new IllegalStateException("the cluster pool was closed");
            }
            open.add(work);
        } finally {
            lock.unlock();
        }
    }

    /** @param work a work that has ended */
    public void closed(final Work work) {
        lock.lock();
        try {
            if (open.remove(work) && open.isEmpty()) {
                empty.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Takes no more work, and tells the open work that the pool is closing. */
    public void close() {
        final Set<Work> works;
        lock.lock();
        try {
            closing = true;
            works = new HashSet<>(open);
        } finally {
            lock.unlock();
        }
        works.forEach(Work::closing);
    }

    /** Takes no more work and cancels the open work. */
    public void terminate() {
        final Set<Work> cancels;
        lock.lock();
        try {
            closing = true;
            cancels = new HashSet<>(open);
        } finally {
            lock.unlock();
        }
        // Outside the lock: a cancel runs callbacks and ends its work, which takes the lock.
        cancels.forEach(work -> work.cancel(new CancellationException("the cluster pool was terminated")));
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
