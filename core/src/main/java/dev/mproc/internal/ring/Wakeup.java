package dev.mproc.internal.ring;

/**
 * The receiving side of a {@link Doorbell}: where a parked ring waiter blocks until the peer rings, and where it learns
 * that the peer is gone. Every ring advances a generation, and a waiter blocks only while the generation is the one it
 * saw before it last checked its condition, so a ring between that check and the block is never lost. Several threads
 * may wait at once (a reader for records, a writer for room); a ring wakes them all.
 */
public interface Wakeup {

    /** @return the current generation, to be read before the waiter checks its condition for the last time */
    long generation();

    /**
     * Blocks until the generation moves on from {@code seen}, the peer is gone, or the time is up.
     *
     * @param seen  the generation read before the last check of the condition
     * @param nanos the longest wait
     * @throws InterruptedException when the waiting thread is interrupted
     */
    void await(long seen, long nanos) throws InterruptedException;

    /** @return whether the peer is gone: nothing more will be published, and no room will be made */
    boolean peerGone();
}
