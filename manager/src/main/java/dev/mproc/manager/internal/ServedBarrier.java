package dev.mproc.manager.internal;

import dev.mproc.Task;
import dev.mproc.manager.BarrierProxy;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;

/**
 * The server's side of a barrier, in the manner of {@link java.util.concurrent.CyclicBarrier} and Python's
 * {@code threading.Barrier}: an action run by the last party to arrive, and a default timeout. A party whose client
 * dies while it waits breaks the barrier.
 */
final class ServedBarrier implements BarrierProxy {

    /** One round of the barrier; a new one starts when every party has arrived or after a reset. */
    private static final class Generation {
        private boolean broken;
    }

    private final int parties;
    private final Task action;
    /** The timeout of {@link #await()}, or {@code Long.MAX_VALUE} for none. */
    private final long defaultTimeoutNanos;
    private Generation generation = new Generation();
    private int waiting;

    ServedBarrier(final int parties, final Task action, final Duration defaultTimeout) {
        if (parties <= 0) {
            throw new IllegalArgumentException("a barrier needs at least one party, not " + parties);
        }
        if (defaultTimeout != null && defaultTimeout.isNegative()) {
            throw new IllegalArgumentException("a barrier's default timeout cannot be negative: " + defaultTimeout);
        }
        this.parties = parties;
        this.action = action;
        this.defaultTimeoutNanos = defaultTimeout == null ? Long.MAX_VALUE : defaultTimeout.toNanos();
    }

    @Override
    public int await() throws BrokenBarrierException {
        try {
            return await(defaultTimeoutNanos);
        } catch (final TimeoutException e) {
            // Python's wait() breaks the barrier and raises BrokenBarrierError when the default timeout passes.
            final BrokenBarrierException broken = new BrokenBarrierException(e.getMessage() + " (the default timeout)");
            broken.initCause(e);
            throw broken;
        }
    }

    @Override
    public int await(final Duration timeout) throws BrokenBarrierException, TimeoutException {
        return await(timeout.toNanos());
    }

    private synchronized int await(final long timeoutNanos) throws BrokenBarrierException, TimeoutException {
        final Generation round = generation;
        if (round.broken) {
            throw new BrokenBarrierException();
        }
        final int index = parties - 1 - waiting;
        if (index == 0) {
            runAction();
            waiting = 0;
            generation = new Generation();
            notifyAll();
            return 0;
        }
        waiting++;
        final long deadline = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
        while (round == generation && !round.broken) {
            final long remaining = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (remaining <= 0) {
                breakBarrier();
                throw new TimeoutException("the barrier's " + parties + " parties did not all arrive in time");
            }
            try {
                CallContext.awaitSlice(this, remaining);
            } catch (final CallContext.PeerGoneException e) {
                if (round == generation) {
                    breakBarrier();
                }
                throw e;
            }
        }
        if (round.broken) {
            throw new BrokenBarrierException();
        }
        return index;
    }

    /** Runs the action for the last party, under the monitor so that nobody is released before it ends. */
    private void runAction() throws BrokenBarrierException {
        if (action == null) {
            return;
        }
        try {
            action.run();
        } catch (final RuntimeException | Error e) {
            breakBarrier();
            throw e;
        } catch (final Exception e) {
            breakBarrier();
            final BrokenBarrierException broken = new BrokenBarrierException("the barrier's action failed: " + e);
            broken.initCause(e);
            throw broken;
        }
    }

    @Override
    public int parties() {
        return parties;
    }

    @Override
    public synchronized int numberWaiting() {
        return waiting;
    }

    @Override
    public synchronized boolean isBroken() {
        return generation.broken;
    }

    @Override
    public synchronized void reset() {
        breakBarrier();
        generation = new Generation();
    }

    @Override
    public synchronized void abort() {
        breakBarrier();
    }

    private void breakBarrier() {
        generation.broken = true;
        waiting = 0;
        notifyAll();
    }

    @Override
    public synchronized String toString() {
        return "Barrier(" + waiting + "/" + parties + (generation.broken ? ", broken)" : ")");
    }
}
