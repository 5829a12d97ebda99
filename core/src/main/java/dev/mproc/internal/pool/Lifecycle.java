package dev.mproc.internal.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Where the pool is in its life, and what it owes before it may stop: running (it takes work), closing (it takes no
 * more, and finishes what was submitted), stopped or terminated (its workers are being stopped, or were). What it owes
 * is the units submitted whose results are not delivered yet, and the open works (imaps still reading their input,
 * each counted as one unit until it ends), which are told when the pool starts closing or is terminated.
 *
 * <p>Locking: the state, the count owed and the open works are guarded by the pool's lock, which the engine shares
 * with its parts; the methods say whether they expect it held ("under the lock") or take it. {@link #join} waits on a
 * latch, without the lock.
 */
final class Lifecycle {

    /** Where the pool is in its life. */
    private enum State { RUNNING, CLOSING, STOPPED, TERMINATED }

    private final ReentrantLock lock;
    /** Signalled when no unit is outstanding, when a worker's start ends, or when the state changes. */
    private final Condition quiet;
    /** Counted down when the workers of a pool shut down have ended. */
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Works still taking units (imaps reading their input), told when the pool closes; guarded by lock. */
    private final List<Work> openWorks = new ArrayList<>();
    /** Units submitted whose result has not been delivered, and open works; guarded by lock. */
    private int outstanding;
    /** Guarded by lock. */
    private State state = State.RUNNING;
    /** Whether the workers are being stopped (none is accepted or started any more); guarded by lock. */
    private boolean shutdownStarted;

    /** @param lock the pool's lock */
    Lifecycle(final ReentrantLock lock) {
        this.lock = lock;
        this.quiet = lock.newCondition();
    }

    /** Under the lock: fails a submission unless the pool is running. */
    void checkRunning() {
        if (state != State.RUNNING) {
            throw new IllegalStateException("the pool is " + (state == State.TERMINATED ? "terminated" : "closed")
                + "; it takes no more work");
        }
    }

    /** Under the lock: units were submitted, each owed until {@link #finished}. */
    void owe(final int units) {
        outstanding += units;
    }

    /** Under the lock: an open work was submitted, owed (as one unit) until it ends. */
    void opened(final Work work) {
        openWorks.add(work);
        outstanding++;
    }

    /** Under the lock: an open work takes no more units; its own count is {@link #finished} after the lock. */
    void ended(final Work work) {
        openWorks.remove(work);
    }

    /** Takes the lock. Units are over (their results delivered): the last one lets {@code close()} go on. */
    void finished(final int units) {
        if (units == 0) {
            return;
        }
        lock.lock();
        try {
            outstanding -= units;
            if (outstanding == 0) {
                quiet.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: something {@link #awaitIdle} waits on changed (a worker's start ended, the pool shuts down). */
    void changed() {
        quiet.signalAll();
    }

    /** @return under the lock: whether workers are wanted, as work may still come or is owed */
    boolean needsWorkers() {
        return state == State.RUNNING || outstanding > 0;
    }

    /** @return under the lock: whether the workers are being stopped */
    boolean shutdownStarted() {
        return shutdownStarted;
    }

    /** @return under the lock: whether {@code close()} or {@code terminate()} has begun */
    boolean closing() {
        return state != State.RUNNING;
    }

    /** @return under the lock: whether the pool was terminated */
    boolean terminated() {
        return state == State.TERMINATED;
    }

    /**
     * Takes the lock. The pool takes no more work.
     *
     * @return what to tell the open works, to run after the lock; nothing when the pool was not running
     */
    List<Runnable> beginClose() {
        lock.lock();
        try {
            if (state != State.RUNNING) {
                return List.of();
            }
            state = State.CLOSING;
            return openWorkListeners();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the lock. Waits, while the pool is closing, until nothing is owed and no worker is starting.
     *
     * @param starting under the lock: whether a worker is still starting
     * @return false when interrupted (the pool is then to be terminated)
     */
    boolean awaitIdle(final BooleanSupplier starting) {
        lock.lock();
        try {
            while ((outstanding > 0 || starting.getAsBoolean()) && state == State.CLOSING) {
                try {
                    quiet.await();
                } catch (final InterruptedException e) {
                    return false;
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Under the lock: the pool shuts down, terminated ({@code now}) or stopped; terminated stays terminated.
     *
     * @param now whether it is terminated
     * @return whether it was terminated just now: its work not finished is then to be cancelled
     */
    boolean stop(final boolean now) {
        if (now && state != State.TERMINATED) {
            state = State.TERMINATED;
            return true;
        }
        if (state != State.TERMINATED) {
            state = State.STOPPED;
        }
        return false;
    }

    /**
     * Under the lock: the workers are to be stopped.
     *
     * @return whether this is the first shutdown, which ends the workers; later ones wait for it
     */
    boolean beginShutdown() {
        final boolean first = !shutdownStarted;
        shutdownStarted = true;
        return first;
    }

    /** @return under the lock: what to tell the open works about a change of state, to run after the lock */
    List<Runnable> openWorkListeners() {
        final List<Runnable> listeners = new ArrayList<>(openWorks.size());
        openWorks.forEach(work -> listeners.add(work.onPoolChange));
        return listeners;
    }

    /** The first shutdown has ended the workers. */
    void stopped() {
        stopped.countDown();
    }

    /** Waits for the first shutdown to end the workers; an interrupt is kept for later. */
    void awaitStopped() {
        boolean interrupted = false;
        while (true) {
            try {
                stopped.await();
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
     * Takes the lock to check the state, then waits without it until the workers have ended.
     *
     * @param timeoutNanos how long to wait at most
     * @return whether they ended in time
     * @throws InterruptedException  when interrupted
     * @throws IllegalStateException when the pool was neither closed nor terminated
     */
    boolean join(final long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            if (state == State.RUNNING) {
                throw new IllegalStateException("close() or terminate() the pool before joining it");
            }
        } finally {
            lock.unlock();
        }
        return stopped.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** Under the lock. */
    @Override
    public String toString() {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
