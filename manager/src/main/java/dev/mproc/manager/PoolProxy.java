package dev.mproc.manager;

import dev.mproc.Job;
import dev.mproc.SerializableBiFunction;
import dev.mproc.SerializableFunction;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * A process pool that lives in the manager's server process: Python's {@code manager.Pool(processes)}. Its workers
 * are children of the server; any process that holds the proxy submits work to it, with the verbs of the core
 * {@link dev.mproc.Pool} (jobs and functions are serializable lambdas whose classes are on the server's class path;
 * items and results cross twice: to the server, then to a worker).
 *
 * <p>A blocking call ({@code apply}, {@code map}, {@code starmap}) waits on the server; the {@code ...Async} forms
 * return at once and a thread of the calling process waits on a connection of its own, then completes the
 * {@link AsyncResultProxy} and runs the callbacks, in the calling process. The iterators of the core pool
 * ({@code imap}) are not offered: use {@code map} or {@code mapAsync}.
 *
 * <p><b>Thread safety:</b> safe for use by several threads. <b>Process safety:</b> usable from any process that
 * holds the proxy; a caller that dies while it waits abandons its wait (the work goes on, its result is dropped). The
 * pool is terminated when no process references it any more, or when the manager shuts down.
 */
public interface PoolProxy {

    /** @return the number of workers the pool keeps */
    int processes();

    /**
     * Runs a job in a worker and waits for its result.
     *
     * @param job the job
     * @param <T> the type of its result
     * @return the result
     * @throws ExecutionException   when the job failed; the cause says why
     * @throws InterruptedException when interrupted while waiting (the job goes on)
     */
    <T> T apply(Job<T> job) throws ExecutionException, InterruptedException;

    /**
     * @param job the job
     * @param <T> the type of its result
     * @return its result, to come
     */
    <T> AsyncResultProxy<T> applyAsync(Job<T> job);

    /**
     * @param job       the job
     * @param onSuccess called with the result in this process, or null
     * @param onError   called with the cause of a failure in this process, or null
     * @param <T>       the type of its result
     * @return its result, to come; the callbacks have run when it is ready
     */
    <T> AsyncResultProxy<T> applyAsync(Job<T> job, Consumer<? super T> onSuccess,
                                       Consumer<? super Throwable> onError);

    /**
     * Applies a function to every item, with the core pool's default chunk size, and waits.
     *
     * @param function the function
     * @param items    the items
     * @param <T>      the type of the items
     * @param <R>      the type of the results
     * @return the results, in item order
     * @throws ExecutionException   when an item failed; the cause says why
     * @throws InterruptedException when interrupted while waiting
     */
    <T, R> List<R> map(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items)
        throws ExecutionException, InterruptedException;

    /**
     * @param function  the function
     * @param items     the items
     * @param chunksize items per message to a worker, at least 1
     * @param <T>       the type of the items
     * @param <R>       the type of the results
     * @return the results, in item order
     * @throws ExecutionException   when an item failed; the cause says why
     * @throws InterruptedException when interrupted while waiting
     */
    <T, R> List<R> map(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items,
                       int chunksize) throws ExecutionException, InterruptedException;

    /**
     * @param function the function
     * @param items    the items
     * @param <T>      the type of the items
     * @param <R>      the type of the results
     * @return the results in item order, to come
     */
    <T, R> AsyncResultProxy<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> function,
                                              Iterable<? extends T> items);

    /**
     * @param function  the function
     * @param items     the items
     * @param onSuccess called with the results in this process, or null
     * @param onError   called with the cause of a failure in this process, or null
     * @param <T>       the type of the items
     * @param <R>       the type of the results
     * @return the results in item order, to come; the callbacks have run when it is ready
     */
    <T, R> AsyncResultProxy<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> function,
                                              Iterable<? extends T> items, Consumer<? super List<R>> onSuccess,
                                              Consumer<? super Throwable> onError);

    /**
     * Applies a function of two arguments to every pair and waits: Python's {@code starmap} over 2-tuples.
     *
     * @param function the function
     * @param pairs    the pairs of arguments ({@code Map.entry(a, b)}, a map's entries)
     * @param <A>      the type of the first arguments
     * @param <B>      the type of the second arguments
     * @param <R>      the type of the results
     * @return the results, in pair order
     * @throws ExecutionException   when a pair failed; the cause says why
     * @throws InterruptedException when interrupted while waiting
     */
    <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                              Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs)
        throws ExecutionException, InterruptedException;

    /**
     * @param function the function
     * @param pairs    the pairs of arguments
     * @param <A>      the type of the first arguments
     * @param <B>      the type of the second arguments
     * @param <R>      the type of the results
     * @return the results in pair order, to come
     */
    <A, B, R> AsyncResultProxy<List<R>> starmapAsync(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                                                     Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs);

    /** Takes no more work; the work submitted finishes, then the workers stop (Python's {@code close()}). */
    void close();

    /** Stops now: unfinished work fails, the workers are terminated (Python's {@code terminate()}). */
    void terminate();

    /**
     * Waits until the workers have ended, after {@link #close()} or {@link #terminate()}.
     *
     * @throws InterruptedException  when interrupted while waiting
     * @throws IllegalStateException when the pool was neither closed nor terminated, as in Python
     */
    void join() throws InterruptedException;
}
