package dev.mproc.manager;

import java.util.concurrent.BlockingQueue;

/**
 * A queue kept by the manager that also counts unfinished tasks: Python's {@code manager.JoinableQueue()}.
 *
 * <p>Every element put counts as an unfinished task until a consumer calls {@link #taskDone()}; {@link #join()}
 * waits until none is left. Iterators and {@code toArray} work on a snapshot taken in one call; their
 * {@code remove} is not supported.
 *
 * <p><b>Thread safety:</b> safe for use by several threads. <b>Process safety:</b> any number of producers and
 * consumers in any processes; every call is atomic on the server. A consumer that dies while it waits in
 * {@code take} takes nothing: no element is lost to a dead process.
 *
 * @param <E> the element type
 */
public interface JoinableQueueProxy<E> extends BlockingQueue<E> {

    /**
     * Marks one task taken from the queue as done.
     *
     * @throws IllegalStateException when called more often than elements were put
     */
    void taskDone();

    /**
     * Waits until every element put has been marked done.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    void join() throws InterruptedException;
}
