package dev.mproc.cluster.internal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The results of a cluster pool's {@code imap} (in item order) or {@code imapUnordered} (in the order chunks finish),
 * taken by one consumer while a feeder thread reads the input and sends chunks, a window ahead of the consumer.
 *
 * <p>Outcomes, one per chunk: its values; a failure, thrown once as a {@link CompletionException} in its place; the
 * input's own failure, thrown as itself as the last outcome. Thread safety: outcomes arrive from Hazelcast's threads
 * and the feeder; {@link #hasNext()} and {@link #next()} are for one thread at a time; {@link #close()} for any.
 *
 * @param <R> the type of the results
 */
public final class ResultStream<R> implements Iterator<R> {

    private final boolean ordered;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final Condition room = lock.newCondition();
    /** Ordered: outcomes by chunk ordinal. Guarded by lock. */
    private final Map<Long, Object> byOrdinal = new HashMap<>();
    /** Unordered: outcomes in arrival order. Guarded by lock. */
    private final ArrayDeque<Object> arrivals = new ArrayDeque<>();
    /** The number of chunks once the input has ended, else -1. Guarded by lock. */
    private long chunks = -1;
    /** Outcomes taken by the consumer. Guarded by lock. */
    private long taken;
    /** Whether the feeder may read on without waiting for the consumer (the pool is closing). Guarded by lock. */
    private boolean unbounded;
    /** Guarded by lock; volatile for {@link #isClosed()}. */
    private volatile boolean closed;

    // The consumer's cursor.
    private Object[] current;
    private int position;

    /** @param ordered whether results come in item order */
    public ResultStream(final boolean ordered) {
        this.ordered = ordered;
    }

    /** A chunk has run. */
    public void arrive(final long ordinal, final Object[] values) {
        put(ordinal, values);
    }

    /** A chunk failed. */
    public void failed(final long ordinal, final Throwable cause) {
        put(ordinal, new Failed(cause, false));
    }

    /** The input threw (or the pool was terminated before it was read) at this place: it is the last outcome. */
    public void inputFailed(final long ordinal, final Throwable cause) {
        put(ordinal, new Failed(cause, true));
        inputEnded(ordinal + 1);
    }

    /** @param count the number of chunks, now that the input has ended */
    public void inputEnded(final long count) {
        lock.lock();
        try {
            chunks = count;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits, in the feeder, while {@code window} chunks are sent and not yet taken.
     *
     * @return whether to go on (false once closed)
     */
    public boolean awaitRoom(final long sent, final int window) throws InterruptedException {
        lock.lock();
        try {
            while (!closed && !unbounded && sent - taken >= window) {
                room.await();
            }
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    /** The pool is closing: the feeder reads the input to its end, the results are kept for the consumer. */
    public void unbound() {
        lock.lock();
        try {
            unbounded = true;
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Results are no longer wanted: the feeder stops, outcomes are dropped. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            byOrdinal.clear();
            arrivals.clear();
            arrived.signalAll();
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** @return whether results are no longer wanted */
    public boolean isClosed() {
        return closed;
    }

    private void put(final long ordinal, final Object outcome) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (ordered) {
                byOrdinal.put(ordinal, outcome);
            } else {
                arrivals.add(outcome);
            }
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean hasNext() {
        if (current != null && position < current.length) {
            return true;
        }
        current = null;
        lock.lock();
        try {
            while (true) {
                if (closed || (chunks >= 0 && taken >= chunks)) {
                    return false;
                }
                if (ordered ? byOrdinal.containsKey(taken) : !arrivals.isEmpty()) {
                    return true;
                }
                arrived.await();
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public R next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        if (current == null) {
            final Object outcome;
            lock.lock();
            try {
                outcome = ordered ? byOrdinal.remove(taken) : arrivals.poll();
                taken++;
                room.signalAll();
            } finally {
                lock.unlock();
            }
            if (outcome instanceof Failed) {
                final Failed failed = (Failed) outcome;
                if (failed.ofInput && failed.cause instanceof RuntimeException) {
                    throw (RuntimeException) failed.cause;
                }
                throw new CompletionException(failed.cause);
            }
            current = (Object[]) outcome;
            position = 0;
            if (current.length == 0) {
                current = null;
                return next();
            }
        }
        return (R) current[position++];
    }

    /** A chunk's failure, or the input's. */
    private static final class Failed {
        final Throwable cause;
        final boolean ofInput;

        Failed(final Throwable cause, final boolean ofInput) {
            this.cause = cause;
            this.ofInput = ofInput;
        }
    }
}
