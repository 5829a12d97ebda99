package dev.mproc.internal.pool;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The results of an {@code imap} (in item order) or {@code imapUnordered} (in the order units finish), as an
 * iterator that blocks until the next result is there. A failed unit makes {@link #next()} throw a
 * {@link CompletionException} with the cause once, in the unit's place; iteration goes on after it.
 *
 * <p>Thread safety: results arrive from the pool's reader threads; the iterator itself is for one consuming thread.
 */
public final class StreamSink<R> extends ResultSink implements Iterator<R> {

    private final boolean ordered;
    private final int units;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    /** Ordered: outcomes by unit ordinal. Guarded by lock. */
    private final Object[] byOrdinal;
    /** Unordered: outcomes in arrival order. Guarded by lock. */
    private final ArrayDeque<Object> arrivals = new ArrayDeque<>();

    // The consumer's cursor, touched only by the consuming thread.
    private int unitsTaken;
    private Object[] current;
    private int position;
    private Throwable failure;

    /**
     * @param units   the number of units
     * @param ordered whether results come in item order
     */
    public StreamSink(final int units, final boolean ordered) {
        this.units = units;
        this.ordered = ordered;
        this.byOrdinal = ordered ? new Object[units] : null;
    }

    @Override
    void accept(final Unit unit, final Object[] values) {
        arrive(unit, values);
    }

    @Override
    void fail(final Unit unit, final Throwable cause) {
        arrive(unit, new Failed(cause));
    }

    @Override
    boolean isDone() {
        return false;
    }

    private void arrive(final Unit unit, final Object outcome) {
        lock.lock();
        try {
            if (ordered) {
                byOrdinal[unit.ordinal] = outcome;
            } else {
                arrivals.addLast(outcome);
            }
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean hasNext() {
        while (failure == null && (current == null || position == current.length)) {
            if (unitsTaken == units) {
                return false;
            }
            final Object outcome = take();
            unitsTaken++;
            if (outcome instanceof Failed) {
                failure = ((Failed) outcome).cause;
            } else {
                current = (Object[]) outcome;
                position = 0;
            }
        }
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public R next() {
        if (!hasNext()) {
            throw new NoSuchElementException("every result has been taken");
        }
        if (failure != null) {
            final Throwable cause = failure;
            failure = null;
            throw new CompletionException(cause);
        }
        return (R) current[position++];
    }

    private Object take() {
        lock.lock();
        try {
            Object outcome;
            while ((outcome = ordered ? byOrdinal[unitsTaken] : arrivals.pollFirst()) == null) {
                arrived.await();
            }
            if (ordered) {
                byOrdinal[unitsTaken] = null;
            }
            return outcome;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException("interrupted while waiting for the next pool result", e);
        } finally {
            lock.unlock();
        }
    }

    /** A failed unit's outcome. */
    private static final class Failed {
        final Throwable cause;

        Failed(final Throwable cause) {
            this.cause = cause;
        }
    }
}
