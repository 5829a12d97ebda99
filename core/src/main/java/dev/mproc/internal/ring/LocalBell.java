package dev.mproc.internal.ring;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A doorbell between threads of one process, for a ring whose two sides share a JVM, and for tests.
 *
 * <p><b>Thread safety:</b> safe from any thread.
 */
public final class LocalBell extends Generation implements Doorbell {

    private final AtomicLong rings = new AtomicLong();

    @Override
    public void ring() {
        rings.incrementAndGet();
        advance();
    }

    /** Says that the peer is gone, and wakes the waiters to notice it. */
    @Override
    public void peerLeft() {
        super.peerLeft();
    }

    /** @return how many times the bell was rung: each one a waiter that had parked */
    public long rings() {
        return rings.get();
    }
}
