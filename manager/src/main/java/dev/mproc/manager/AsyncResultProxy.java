package dev.mproc.manager;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

/**
 * The result of work submitted to a manager's pool ({@link PoolProxy}) without waiting for it: Python's
 * {@code AsyncResult} as a manager's pool returns it, with the verbs of the core {@link dev.mproc.AsyncResult}.
 *
 * <p>{@link #get()} returns the value, or throws an {@link ExecutionException} whose cause is what went wrong in the
 * pool's worker (the task's own exception, a {@link dev.mproc.RemoteTaskException} or a
 * {@link dev.mproc.WorkerLostException}), or a {@link ManagerUnreachableException} when the manager went away first.
 * {@link #cancel} stops waiting for the result here; work already handed to the manager's pool runs to its end.
 *
 * <p><b>Thread safety:</b> safe for use by several threads. <b>Process safety:</b> lives in the process that
 * submitted the work (a thread of that process waits for it on a connection of its own); it is not serializable.
 *
 * @param <T> the type of the value
 */
public interface AsyncResultProxy<T> extends Future<T> {

    /** @return whether the work has ended, successfully or not (Python's {@code ready()}) */
    boolean ready();

    /**
     * @return whether the work ended with a value
     * @throws IllegalStateException when it has not ended yet, as Python raises {@code ValueError}
     */
    boolean successful();

    /**
     * Waits for the value, at most the timeout (Python's {@code get(timeout)}).
     *
     * @param timeout how long to wait
     * @return the value
     * @throws ExecutionException   when the work failed; its cause says why
     * @throws TimeoutException     when the work has not ended in time (it goes on)
     * @throws InterruptedException when interrupted while waiting
     */
    T get(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException;

    /** @return the result as a stage, for composing */
    CompletionStage<T> completionStage();
}
