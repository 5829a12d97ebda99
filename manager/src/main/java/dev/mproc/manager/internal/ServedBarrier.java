package dev.mproc.manager.internal;

import dev.mproc.manager.BarrierProxy;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;

/**
 * The server's side of a barrier, in the manner of {@link java.util.concurrent.CyclicBarrier}; a party whose client
 * dies while it waits breaks the barrier.
 */
final class ServedBarrier implements BarrierProxy {

    /** One round of the barrier; a new one starts when every party has arrived or after a reset. */
    private static final class Generation {
        private boolean broken;
    }

    private final int parties;
    private Generation generation = new Generation();
    private int waiting;

    ServedBarrier(final int parties) {
        if (parties <= 0) {
            throw new IllegalArgumentException("a barrier needs at least one party, not " + parties);
        }
        this.parties = parties;
    }

    @Override
    public int await() throws BrokenBarrierException {
        try {
            return await(Long.MAX_VALUE);
        } catch (final TimeoutException e) {
            throw new AssertionError(e);
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
