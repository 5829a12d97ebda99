package dev.mproc.manager;

import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;

/**
 * A barrier for a fixed number of parties, kept by the manager: Python's {@code manager.Barrier(parties, action,
 * timeout)}. Its action, if any, runs in the manager's server process when the last party arrives, before any party
 * is released; its default timeout, if any, bounds {@link #await()}.
 *
 * <p><b>Thread safety:</b> safe for use by several threads. <b>Process safety:</b> parties may be in any processes;
 * a party whose process dies while it waits breaks the barrier, so the others fail with
 * {@link BrokenBarrierException} instead of waiting for ever.
 */
public interface BarrierProxy {

    /**
     * Waits until every party has arrived, at most the barrier's default timeout if it has one (Python's
     * {@code wait()}). When the last party arrives, the barrier's action runs first; if it throws, the barrier
     * breaks and that party gets the exception (a checked one as the cause of a {@link BrokenBarrierException}).
     *
     * @return the arrival index: {@code parties() - 1} for the first, 0 for the last
     * @throws InterruptedException   when interrupted while waiting (the barrier breaks)
     * @throws BrokenBarrierException when the barrier is or becomes broken, reset or aborted, or the default timeout
     *                                passed (the barrier then breaks, as in Python)
     */
    int await() throws InterruptedException, BrokenBarrierException;

    /**
     * Waits until every party has arrived, at most the timeout (Python's {@code wait(timeout)}).
     *
     * @param timeout how long to wait at most
     * @return the arrival index
     * @throws InterruptedException   when interrupted while waiting
     * @throws BrokenBarrierException when the barrier is or becomes broken
     * @throws TimeoutException       when the time ran out (the barrier breaks; Python raises
     *                                {@code BrokenBarrierError} here)
     */
    int await(Duration timeout) throws InterruptedException, BrokenBarrierException, TimeoutException;

    /** @return the number of parties (Python's {@code parties}) */
    int parties();

    /** @return how many parties wait now (Python's {@code n_waiting}) */
    int numberWaiting();

    /** @return whether the barrier is broken (Python's {@code broken}) */
    boolean isBroken();

    /** Breaks the barrier for those waiting and starts a new round, not broken. */
    void reset();

    /**
     * Breaks the barrier (Python's {@code abort()}): every party waiting now and every later arrival gets a
     * {@link BrokenBarrierException}, until {@link #reset()}.
     */
    void abort();
}
