package dev.mproc.manager;

import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;

/**
 * A barrier for a fixed number of parties, kept by the manager: Python's {@code manager.Barrier(parties)}.
 *
 * <p><b>Thread safety:</b> safe for use by several threads. <b>Process safety:</b> parties may be in any processes;
 * a party whose process dies while it waits breaks the barrier, so the others fail with
 * {@link BrokenBarrierException} instead of waiting for ever.
 */
public interface BarrierProxy {

    /**
     * Waits until every party has arrived.
     *
     * @return the arrival index: {@code parties() - 1} for the first, 0 for the last
     * @throws InterruptedException   when interrupted while waiting (the barrier breaks)
     * @throws BrokenBarrierException when the barrier is or becomes broken
     */
    int await() throws InterruptedException, BrokenBarrierException;

    /**
     * @param timeout how long to wait at most
     * @return the arrival index
     * @throws InterruptedException   when interrupted while waiting
     * @throws BrokenBarrierException when the barrier is or becomes broken
     * @throws TimeoutException       when the time ran out (the barrier breaks)
     */
    int await(Duration timeout) throws InterruptedException, BrokenBarrierException, TimeoutException;

    /** @return the number of parties */
    int parties();

    /** @return how many parties wait now */
    int numberWaiting();

    /** @return whether the barrier is broken */
    boolean isBroken();

    /** Breaks the barrier for those waiting and starts a new round. */
    void reset();
}
