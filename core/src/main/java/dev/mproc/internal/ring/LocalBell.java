package dev.mproc.internal.ring;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A doorbell between two threads of one process: a permit that coalesces rings, and a flag for a peer that has gone.
 *
 * <p><b>Thread safety:</b> safe for one ringing and one waiting thread at a time, and {@link #peerLeft()} from any.
 */
public final class LocalBell implements Doorbell, Wakeup {

    private final Semaphore permit = new Semaphore(0);
    private final AtomicLong rings = new AtomicLong();
    private volatile boolean gone;

    @Override
    public void ring() {
        rings.incrementAndGet();
        if (permit.availablePermits() == 0) {
            permit.release();
        }
    }

    @Override
    public void await(final long nanos) throws InterruptedException {
        if (permit.tryAcquire(nanos, TimeUnit.NANOSECONDS)) {
            permit.drainPermits();
        }
    }

    @Override
    public boolean peerGone() {
        return gone;
    }

    /** Says that the peer is gone, and wakes the waiter to notice it. */
    public void peerLeft() {
        gone = true;
        permit.release();
    }

    /** @return how many times the bell was rung: each one a waiter that had parked */
    public long rings() {
        return rings.get();
    }
}
