package dev.mproc.internal.ring;

import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * How a ring's reader waits for a record and its writer for room: a few spins (the peer is usually mid-write), then a
 * few yields, then it says it is parked in the ring's flag word and blocks on its {@link Wakeup} until the peer rings.
 * An idle waiter costs no CPU once parked; a safety timeout re-checks now and then all the same.
 */
final class SharedWait {

    private static final int SPINS = 200;
    private static final int YIELDS = 20;
    /** A parked waiter re-checks this often even without a ring: a bound on any wake-up the protocol might miss. */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private SharedWait() {
    }

    /**
     * @param ring          the ring
     * @param parkedOffset  the waiter's parked flag ({@link RingDescriptor#READER_PARKED_OFFSET} or the writer's)
     * @param ready         the condition, read with at least acquire ordering
     * @param wakeup        where to block
     * @param deadlineNanos when to give up, on the {@link System#nanoTime()} clock; {@link Long#MAX_VALUE} for never
     * @return whether the condition held (false: the time is up, or the peer is gone)
     * @throws InterruptedException when interrupted
     */
    static boolean until(final RingFile ring, final int parkedOffset, final BooleanSupplier ready, final Wakeup wakeup,
                         final long deadlineNanos) throws InterruptedException {
        int idle = 0;
        while (true) {
            if (ready.getAsBoolean()) {
                return true;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (wakeup.peerGone()) {
                return ready.getAsBoolean();
            }
            final long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            if (idle < SPINS) {
                Thread.onSpinWait();
            } else if (idle < SPINS + YIELDS) {
                Thread.yield();
            } else {
                final long seen = wakeup.generation();
                ring.parked(parkedOffset, 1);
                // The flag's store must not pass the condition's load: the peer stores its position, then loads the
                // flag; with both fenced, one of the two sees the other.
                VarHandle.fullFence();
                if (!ready.getAsBoolean() && !wakeup.peerGone()) {
                    wakeup.await(seen, Math.min(left, RECHECK_NANOS));
                }
                ring.parked(parkedOffset, 0);
                idle = 0;
                continue;
            }
            idle++;
        }
    }
}
