package dev.mproc.internal.pool;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The results of an {@code imap} (in item order) or {@code imapUnordered} (in the order units finish), taken by one
 * consumer that blocks until the next is there, while an {@link InputFeeder} adds units as it reads the input.
 *
 * <p>Outcomes, one per unit: the unit's values; a failed unit, which {@link #next()} throws once as a
 * {@link CompletionException} with the cause and iteration goes on; the input's own failure, thrown as itself (it is
 * the last outcome of an ordered stream). The number of units is known when the input has ended; until then the
 * consumer waits for the next outcome. The sink also paces the feeder: {@link #awaitRoom} holds it back while it is a
 * window of units ahead of the consumer.
 *
 * <p>Thread safety: outcomes arrive from the pool's threads and the feeder; the consuming side ({@link #hasNext()},
 * {@link #next()}) is for one thread at a time; {@link #close()} may be called from any thread.
 */
public final class StreamSink<R> extends ResultSink {

    private final boolean ordered;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when an outcome arrives, the input ends, or the sink is closed. */
    private final Condition arrived = lock.newCondition();
    /** Signalled when the consumer takes an outcome, the feeder is woken, or the sink is closed. */
    private final Condition room = lock.newCondition();
    /** Ordered: outcomes by unit ordinal, not yet taken. Guarded by lock. */
    private final Map<Long, Object> byOrdinal;
    /** Unordered: outcomes in arrival order. Guarded by lock. */
    private final ArrayDeque<Object> arrivals;
    /** The number of units, once the input has ended; -1 before. Guarded by lock. */
    private long units = -1;
    /** Outcomes the consumer has taken. Guarded by lock. */
    private long taken;
    /** Whether the feeder was woken to look at the pool's state again. Guarded by lock. */
    private boolean woken;
    /** Written under the lock; volatile for {@link #isDone()}, which the engine asks under its own lock. */
    private volatile boolean closed;

    // The consumer's cursor, touched only by the consuming thread.
    private Object[] current;
    private int position;
    private Object pendingFailure;

    /** @param ordered whether results come in item order */
    public StreamSink(final boolean ordered) {
        this.ordered = ordered;
        this.byOrdinal = ordered ? new HashMap<>() : null;
        this.arrivals = ordered ? null : new ArrayDeque<>();
    }

    @Override
    void accept(final Unit unit, final Object[] values) {
        arrive(unit.ordinal, values);
    }

    @Override
    void fail(final Unit unit, final Throwable cause) {
        failed(unit.ordinal, cause);
    }

    /** The unit of this ordinal failed before it reached the engine (an item could not be encoded). */
    void failed(final long ordinal, final Throwable cause) {
        arrive(ordinal, new Failed(cause));
    }

    /**
     * The input failed (its iterator threw, or the pool was terminated before it was read): that is the last unit.
     *
     * @param ordinal the failure's place, after every unit added
     * @param cause   what the input threw
     */
    void inputFailed(final long ordinal, final Throwable cause) {
        arrive(ordinal, new InputFailed(cause));
        inputEnded(ordinal + 1);
    }

    /** @param units the number of units the input was cut into, now that it has ended */
    void inputEnded(final long units) {
        lock.lock();
        try {
            this.units = units;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Results are no longer wanted: units not started are skipped, results dropped, the feeder stopped. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            if (ordered) {
                byOrdinal.clear();
            } else {
                arrivals.clear();
            }
            arrived.signalAll();
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    boolean isDone() {
        return closed;
    }

    /**
     * Waits, in the feeder, until it may add a unit: fewer than {@code window} units are ahead of the consumer.
     *
     * @param added  the units added so far
     * @param window how many units may be added and not yet taken
     * @return true to add one; false when the sink was closed or {@link #wake()} was called (look at the pool again)
     * @throws InterruptedException when the feeder is interrupted
     */
    boolean awaitRoom(final long added, final long window) throws InterruptedException {
        lock.lock();
        try {
            while (!closed && !woken && added - taken >= window) {
                room.await();
            }
            final boolean go = !closed && !woken;
            woken = false;
            return go;
        } finally {
            lock.unlock();
        }
    }

    /** Makes the feeder's {@link #awaitRoom} return, now or at its next call, to look at the pool's state again. */
    void wake() {
        lock.lock();
        try {
            woken = true;
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * @return whether there is another result (or failure) to take; waits for it
     * @throws CompletionException when interrupted while waiting (the interrupt status is kept)
     */
    public boolean hasNext() {
        while (pendingFailure == null && (current == null || position == current.length)) {
            final Object outcome = take();
            if (outcome == null) {
                return false;
            }
            if (outcome instanceof Object[]) {
                current = (Object[]) outcome;
                position = 0;
            } else {
                pendingFailure = outcome;
            }
        }
        return true;
    }

    /**
     * @return the next result
     * @throws CompletionException    when its unit failed: the cause says why
     * @throws NoSuchElementException when every result has been taken
     */
    @SuppressWarnings("unchecked")
    public R next() {
        if (!hasNext()) {
            throw new NoSuchElementException(closed ? "the results were closed" : "every result has been taken");
        }
        if (pendingFailure != null) {
            final Object failure = pendingFailure;
            pendingFailure = null;
            if (failure instanceof InputFailed) {
                throw ((InputFailed) failure).rethrow();
            }
            throw new CompletionException(((Failed) failure).cause);
        }
        return (R) current[position++];
    }

    private void arrive(final long ordinal, final Object outcome) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (ordered) {
                byOrdinal.put(ordinal, outcome);
            } else {
                arrivals.addLast(outcome);
            }
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** @return the next outcome, or null when there is none (all taken, or closed) */
    private Object take() {
        lock.lock();
        try {
            Object outcome;
            while (true) {
                if (closed || taken == units) {
                    return null;
                }
                outcome = ordered ? byOrdinal.remove(taken) : arrivals.pollFirst();
                if (outcome != null) {
                    break;
                }
                arrived.await();
            }
            taken++;
            room.signalAll();
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

    /** The input's own failure, thrown as itself. */
    private static final class InputFailed {
        final Throwable cause;

        InputFailed(final Throwable cause) {
            this.cause = cause;
        }

        /** @return what to throw: the input's unchecked exception itself; a checked one (thrown sneakily) wrapped */
        RuntimeException rethrow() {
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            if (cause instanceof RuntimeException) {
                return (RuntimeException) cause;
            }
            return new CompletionException("the items' iterator failed", cause);
        }
    }
}
