package dev.mproc.internal.ring;

import java.io.IOException;

/**
 * The receiving side of a {@link Doorbell}: where a parked ring waiter blocks until the peer rings, and where it learns
 * that the peer is gone.
 */
public interface Wakeup {

    /**
     * Blocks until the bell rings, the peer is gone, or the time is up; may return early.
     *
     * @param nanos the longest wait
     * @throws InterruptedException when the waiting thread is interrupted
     * @throws IOException          when the bell can no longer be read
     */
    void await(long nanos) throws InterruptedException, IOException;

    /** @return whether the peer is gone: nothing more will be published, and no room will be made */
    boolean peerGone();
}
