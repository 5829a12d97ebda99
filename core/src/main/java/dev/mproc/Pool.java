package dev.mproc;

import dev.mproc.internal.pool.PoolEngine;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A pool of worker processes that run jobs and map functions over items: Python's {@code multiprocessing.Pool}.
 * {@link #create(int)} and {@link #builder()} start a pool of child JVMs on this machine, described below; other
 * implementations run the same verbs elsewhere with the same rules for order, chunking and failures (the
 * {@code mproc-cluster} module's pool runs them on a Hazelcast cluster), so that code written against this interface
 * moves by changing its factory.
 *
 * <pre>{@code
 * try (Pool pool = Pool.create(4)) {
 *     List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3, 4, 5, 6));   // [1, 4, 9, 16, 25, 36]
 *     AsyncResult<Long> pid = pool.applyAsync(() -> ProcessHandle.current().pid());
 *     long workerPid = pid.get();                                                // a worker's pid
 * }   // close(): waits for the work submitted, then stops the workers
 * }</pre>
 *
 * <p>Workers are child JVMs ({@link Process}es, daemons) connected back to the pool by an authenticated Unix socket.
 * Jobs and functions are serializable lambdas; what they capture, the items and the results cross by Java
 * serialization (with fast paths for strings, byte arrays, boxed primitives and the JDK's common collections), and IPC
 * objects ({@link Handle}s: queues, values, locks, proxies) captured by a task work in the
 * worker. Everything is encoded in the submitting thread, so a task or item that cannot cross fails at once with an
 * {@link java.io.UncheckedIOException} naming the class; the items of {@code imap} and {@code imapUnordered} are the
 * exception: they are read and encoded lazily, in a pool thread, and one that cannot cross fails in its place.
 *
 * <ul>
 *   <li>{@code map} and {@code imap} give results in item order, {@code imapUnordered} in the order they finish.</li>
 *   <li>{@code map} and {@code starmap} read all their items at the call, as Python does (an exception of the items'
 *       iterator is thrown there); {@code imap} and {@code imapUnordered} read them lazily, a few chunks per worker
 *       ahead of the results taken, so their items may be endless, and an exception of the items' iterator is thrown
 *       by the {@link ImapIterator} where iteration reaches it, after the results of the items before.</li>
 *   <li>{@code applyAsync}, {@code mapAsync} and {@code starmapAsync} take Python's {@code callback} and
 *       {@code error_callback}: they run once, in a pool thread, before the result is ready; one that throws is
 *       logged and the pool goes on.</li>
 *   <li>An exception thrown by a task reaches the caller as the cause of an
 * {@link java.util.concurrent.ExecutionException}
 *       (or {@link java.util.concurrent.CompletionException} from an iterator): the original exception with its
 *       remote stack trace, or a {@link RemoteTaskException} standing for it. The worker goes on.</li>
 *   <li>A worker that dies (killed, {@code System.exit}, out of memory) fails only the task it was running, with a
 *       {@link WorkerLostException} naming it; a replacement starts and the pool goes on. Python's pool hangs
 *       here.</li>
 *   <li>Workers start in parallel; work submitted at once runs as soon as the first is ready. When workers cannot
 *       start at all, or the initializer fails, pending and later work fails with that reason rather than
 *       waiting.</li>
 * </ul>
 *
 * <p>Map-like calls cut their items into chunks ({@code chunksize} items per message to a worker); {@code map} picks
 * a chunk size as Python does (items / (4 &times; processes), rounded up), the iterators default to 1.
 * {@code maxTasksPerChild} counts chunks, as Python does.
 *
 * <p>The overloads that only supply a default (no callbacks, the default chunk size) are default methods: an
 * implementation provides {@code applyAsync}, {@code mapAsync} and the iterators with every argument, and the
 * lifecycle.
 *
 * <p><b>Thread safety:</b> safe for use by several threads. <b>Process safety:</b> a pool belongs to the process that
 * created it and is not serializable; the workers of {@link #create(int)}'s pool exit when it closes, and when this
 * process dies.
 */
public interface Pool extends AutoCloseable {

    /**
     * Starts a pool of one worker per CPU.
     *
     * @return the pool
     * @throws IOException when the pool's socket cannot be bound or a worker JVM cannot be started
     */
    static Pool create() throws IOException {
        return builder().create();
    }

    /**
     * Starts a pool of {@code processes} workers.
     *
     * @param processes the number of workers, at least 1
     * @return the pool
     * @throws IOException when the pool's socket cannot be bound or a worker JVM cannot be started
     */
    static Pool create(final int processes) throws IOException {
        return builder().processes(processes).create();
    }

    /** @return a builder for a pool with an initializer, a task limit per worker, or JVM options of its own */
    static Builder builder() {
        return new Builder();
    }

    /** @return the number of workers the pool keeps */
    int processes();

    // ------------------------------------------------------------------------------------------------ apply

    /**
     * Runs a job in a worker and waits for its result.
     *
     * @param job the job
     * @param <T> the type of its result
     * @return the result
     * @throws java.util.concurrent.ExecutionException when the job failed; the cause says why
     * @throws InterruptedException                    when interrupted while waiting (the job goes on)
     * @throws java.io.UncheckedIOException            when the job cannot be sent (the message names the class)
     * @throws IllegalStateException                   when the pool was closed
     */
    default <T> T apply(final Job<T> job) throws java.util.concurrent.ExecutionException, InterruptedException {
        return applyAsync(job).get();
    }

    /**
     * Submits a job to run in a worker.
     *
     * @param job the job
     * @param <T> the type of its result
     * @return its result, to come
     * @throws java.io.UncheckedIOException when the job cannot be sent (the message names the class)
     * @throws IllegalStateException        when the pool was closed
     */
    default <T> AsyncResult<T> applyAsync(final Job<T> job) {
        return applyAsync(job, null, null);
    }

    /**
     * Submits a job with callbacks: Python's {@code apply_async(f, args, callback=..., error_callback=...)}. One of
     * them runs, once, before the result is {@linkplain AsyncResult#ready() ready}: {@code onSuccess} with the result,
     * or {@code onError} with the cause of a failure (the job's exception, a {@link WorkerLostException}, the
     * {@link java.util.concurrent.CancellationException} of a {@link #terminate()}). They run in a pool thread (the
     * one that took the result from the worker, or the one that made the pool fail the job), so they should be quick
     * and must not wait for other results of this pool. A callback that throws is logged (level {@code WARNING}) and
     * the result is kept: the pool goes on.
     *
     * @param job       the job
     * @param onSuccess called with the result, or {@code null}
     * @param onError   called with the cause of a failure, or {@code null}
     * @param <T>       the type of its result
     * @return its result, to come
     * @throws java.io.UncheckedIOException when the job cannot be sent (the message names the class)
     * @throws IllegalStateException        when the pool was closed
     */
    <T> AsyncResult<T> applyAsync(final Job<T> job, final Consumer<? super T> onSuccess,
                                         final Consumer<? super Throwable> onError);

    // -------------------------------------------------------------------------------------------------- map

    /**
     * Applies a function to every item in the workers and waits for the results, in item order.
     *
     * @param function the function
     * @param items    the items
     * @param <T>      the type of the items
     * @param <R>      the type of the results
     * @return the results, in item order
     * @throws java.util.concurrent.ExecutionException when an item failed (the first failure); the cause says why
     * @throws InterruptedException                    when interrupted while waiting
     * @throws java.io.UncheckedIOException            when the function or an item cannot be sent (named)
     * @throws IllegalStateException                   when the pool was closed
     */
    default <T, R> List<R> map(final SerializableFunction<? super T, ? extends R> function,
                              final Iterable<? extends T> items)
        throws java.util.concurrent.ExecutionException, InterruptedException {
        return this.<T, R>mapAsync(function, items).get();
    }

    /**
     * Applies a function to every item, sending {@code chunksize} items to a worker at a time, and waits for the
     * results.
     *
     * @param function  the function
     * @param items     the items
     * @param chunksize items per message to a worker, at least 1
     * @param <T>       the type of the items
     * @param <R>       the type of the results
     * @return the results, in item order
     * @throws java.util.concurrent.ExecutionException when an item failed; the cause says why
     * @throws InterruptedException                    when interrupted while waiting
     */
    default <T, R> List<R> map(final SerializableFunction<? super T, ? extends R> function,
                              final Iterable<? extends T> items, final int chunksize)
        throws java.util.concurrent.ExecutionException, InterruptedException {
        return this.<T, R>mapAsync(function, items, chunksize).get();
    }

    /**
     * Submits a function over every item, with the default chunk size.
     *
     * @param function the function
     * @param items    the items
     * @param <T>      the type of the items
     * @param <R>      the type of the results
     * @return the results in item order, to come; the first failure fails it and skips chunks not yet started
     */
    default <T, R> AsyncResult<List<R>> mapAsync(final SerializableFunction<? super T, ? extends R> function,
                                                final Iterable<? extends T> items) {
        return mapAsync(function, items, null, null);
    }

    /**
     * Submits a function over every item, with the default chunk size, and callbacks: Python's {@code map_async}
     * with {@code callback} and {@code error_callback}. See {@link #mapAsync(SerializableFunction, Iterable, int,
     * Consumer, Consumer)} for when and where they run.
     *
     * @param function  the function
     * @param items     the items
     * @param onSuccess called with the results, in item order, or {@code null}
     * @param onError   called with the first failure, or {@code null}
     * @param <T>       the type of the items
     * @param <R>       the type of the results
     * @return the results in item order, to come
     */
    default <T, R> AsyncResult<List<R>> mapAsync(final SerializableFunction<? super T, ? extends R> function,
                                                final Iterable<? extends T> items,
                                                final Consumer<? super List<R>> onSuccess,
                                                final Consumer<? super Throwable> onError) {
        final List<? extends T> list = PoolArguments.listOf(items);
        return mapAsync(function, list, PoolArguments.defaultChunksize(list.size(), processes()), onSuccess,
            onError);
    }

    /**
     * Submits a function over every item, {@code chunksize} items per message to a worker.
     *
     * @param function  the function
     * @param items     the items
     * @param chunksize items per message to a worker, at least 1
     * @param <T>       the type of the items
     * @param <R>       the type of the results
     * @return the results in item order, to come
     */
    default <T, R> AsyncResult<List<R>> mapAsync(final SerializableFunction<? super T, ? extends R> function,
                                                final Iterable<? extends T> items, final int chunksize) {
        return mapAsync(function, items, chunksize, null, null);
    }

    /**
     * Submits a function over every item, {@code chunksize} items per message, with callbacks: Python's
     * {@code map_async(f, items, chunksize, callback, error_callback)}.
     *
     * <p>Exactly one callback runs, once, before the result becomes {@linkplain AsyncResult#ready() ready}:
     * {@code onSuccess} with the list of results (unmodifiable, in item order) when every item succeeded, or
     * {@code onError} with the first failure (as {@link AsyncResult#get()}'s cause would be): the item's exception, a
     * {@link WorkerLostException}, or the {@link java.util.concurrent.CancellationException} of a
     * {@link #terminate()}. They run in a pool thread, usually the one that took the last (or failed) result from a
     * worker, so they should be quick and must not wait for other results of this pool; when the pool fails the work
     * by itself (it was terminated, its workers cannot start) they run in the thread that made that happen, and with
     * no items {@code onSuccess} runs in this thread before this returns. A callback that throws is logged (level
     * {@code WARNING}) and the result is kept: the pool goes on. None runs after {@link AsyncResult#cancel}.
     *
     * @param function  the function
     * @param items     the items
     * @param chunksize items per message to a worker, at least 1
     * @param onSuccess called with the results, in item order, or {@code null}
     * @param onError   called with the first failure, or {@code null}
     * @param <T>       the type of the items
     * @param <R>       the type of the results
     * @return the results in item order, to come
     * @throws java.io.UncheckedIOException when the function or an item cannot be sent (named); no callback runs
     * @throws IllegalStateException        when the pool was closed
     */
    <T, R> AsyncResult<List<R>> mapAsync(final SerializableFunction<? super T, ? extends R> function,
                                                final Iterable<? extends T> items, final int chunksize,
                                                final Consumer<? super List<R>> onSuccess,
                                                final Consumer<? super Throwable> onError);

    /**
     * Applies a function to every item, one item per message, giving results in item order as they come. The items
     * are read lazily, in a pool thread, a few per worker ahead of the results taken: they may be endless.
     *
     * @param function the function
     * @param items    the items; their iterator is made and read in a pool thread
     * @param <T>      the type of the items
     * @param <R>      the type of the results
     * @return an iterator whose {@code next()} waits for the next result; a failed item throws a
     *         {@link java.util.concurrent.CompletionException} with the cause in its place, and iteration goes on;
     *         an exception of the items' iterator is thrown as itself in its place (see {@link ImapIterator})
     * @throws java.io.UncheckedIOException when the function cannot be sent (the message names the class)
     * @throws IllegalStateException        when the pool was closed
     */
    default <T, R> ImapIterator<R> imap(final SerializableFunction<? super T, ? extends R> function,
                                       final Iterable<? extends T> items) {
        return imap(function, items, 1);
    }

    /**
     * Applies a function to every item, {@code chunksize} items per message, giving results in item order as they
     * come; a failed chunk throws once in its place. The items are read lazily, a few chunks per worker ahead of
     * the results taken.
     *
     * @param function  the function
     * @param items     the items; their iterator is made and read in a pool thread
     * @param chunksize items per message to a worker, at least 1
     * @param <T>       the type of the items
     * @param <R>       the type of the results
     * @return an iterator whose {@code next()} waits for the next result
     * @throws java.io.UncheckedIOException when the function cannot be sent (the message names the class)
     * @throws IllegalStateException        when the pool was closed
     */
    <T, R> ImapIterator<R> imap(final SerializableFunction<? super T, ? extends R> function,
                                       final Iterable<? extends T> items, final int chunksize);

    /**
     * Applies a function to every item, one item per message, giving results in the order they finish. The items
     * are read lazily, as for {@link #imap}.
     *
     * @param function the function
     * @param items    the items; their iterator is made and read in a pool thread
     * @param <T>      the type of the items
     * @param <R>      the type of the results
     * @return an iterator whose {@code next()} waits for the next result to finish
     * @throws java.io.UncheckedIOException when the function cannot be sent (the message names the class)
     * @throws IllegalStateException        when the pool was closed
     */
    default <T, R> ImapIterator<R> imapUnordered(final SerializableFunction<? super T, ? extends R> function,
                                                final Iterable<? extends T> items) {
        return imapUnordered(function, items, 1);
    }

    /**
     * Applies a function to every item, {@code chunksize} items per message, giving results chunk by chunk in the
     * order chunks finish. The items are read lazily, as for {@link #imap}.
     *
     * @param function  the function
     * @param items     the items; their iterator is made and read in a pool thread
     * @param chunksize items per message to a worker, at least 1
     * @param <T>       the type of the items
     * @param <R>       the type of the results
     * @return an iterator whose {@code next()} waits for the next result to finish
     * @throws java.io.UncheckedIOException when the function cannot be sent (the message names the class)
     * @throws IllegalStateException        when the pool was closed
     */
    <T, R> ImapIterator<R> imapUnordered(final SerializableFunction<? super T, ? extends R> function,
                                                final Iterable<? extends T> items, final int chunksize);

    // ---------------------------------------------------------------------------------------------- starmap

    /**
     * Applies a function of two arguments to every pair and waits for the results: Python's {@code starmap} over
     * 2-tuples. Any {@link Map.Entry} is a pair ({@code Map.entry(a, b)}, the entries of a map); for more arguments,
     * map a function over records.
     *
     * @param function the function
     * @param pairs    the pairs of arguments
     * @param <A>      the type of the first arguments
     * @param <B>      the type of the second arguments
     * @param <R>      the type of the results
     * @return the results, in pair order
     * @throws java.util.concurrent.ExecutionException when a pair failed; the cause says why
     * @throws InterruptedException                    when interrupted while waiting
     */
    default <A, B, R> List<R> starmap(final SerializableBiFunction<? super A, ? super B, ? extends R> function,
                                     final Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs)
        throws java.util.concurrent.ExecutionException, InterruptedException {
        return this.<A, B, R>starmapAsync(function, pairs).get();
    }

    /**
     * Applies a function of two arguments to every pair, {@code chunksize} pairs per message, and waits.
     *
     * @param function  the function
     * @param pairs     the pairs of arguments
     * @param chunksize pairs per message to a worker, at least 1
     * @param <A>       the type of the first arguments
     * @param <B>       the type of the second arguments
     * @param <R>       the type of the results
     * @return the results, in pair order
     * @throws java.util.concurrent.ExecutionException when a pair failed; the cause says why
     * @throws InterruptedException                    when interrupted while waiting
     */
    default <A, B, R> List<R> starmap(final SerializableBiFunction<? super A, ? super B, ? extends R> function,
                                     final Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs,
                                     final int chunksize)
        throws java.util.concurrent.ExecutionException, InterruptedException {
        return this.<A, B, R>starmapAsync(function, pairs, chunksize).get();
    }

    /**
     * Submits a function of two arguments over every pair, with the default chunk size.
     *
     * @param function the function
     * @param pairs    the pairs of arguments
     * @param <A>      the type of the first arguments
     * @param <B>      the type of the second arguments
     * @param <R>      the type of the results
     * @return the results in pair order, to come
     */
    default <A, B, R> AsyncResult<List<R>> starmapAsync(
        final SerializableBiFunction<? super A, ? super B, ? extends R> function,
        final Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs) {
        return starmapAsync(function, pairs, null, null);
    }

    /**
     * Submits a function of two arguments over every pair, with the default chunk size, and callbacks: Python's
     * {@code starmap_async} with {@code callback} and {@code error_callback}, which run as those of
     * {@link #mapAsync(SerializableFunction, Iterable, int, Consumer, Consumer)}.
     *
     * @param function  the function
     * @param pairs     the pairs of arguments
     * @param onSuccess called with the results, in pair order, or {@code null}
     * @param onError   called with the first failure, or {@code null}
     * @param <A>       the type of the first arguments
     * @param <B>       the type of the second arguments
     * @param <R>       the type of the results
     * @return the results in pair order, to come
     */
    default <A, B, R> AsyncResult<List<R>> starmapAsync(
        final SerializableBiFunction<? super A, ? super B, ? extends R> function,
        final Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs,
        final Consumer<? super List<R>> onSuccess, final Consumer<? super Throwable> onError) {
        final List<Object[]> arguments = spreadPairs(pairs);
        return mapAsync(spread(function), arguments, PoolArguments.defaultChunksize(arguments.size(), processes()),
            onSuccess, onError);
    }

    /**
     * Submits a function of two arguments over every pair, {@code chunksize} pairs per message.
     *
     * @param function  the function
     * @param pairs     the pairs of arguments
     * @param chunksize pairs per message to a worker, at least 1
     * @param <A>       the type of the first arguments
     * @param <B>       the type of the second arguments
     * @param <R>       the type of the results
     * @return the results in pair order, to come
     */
    default <A, B, R> AsyncResult<List<R>> starmapAsync(
        final SerializableBiFunction<? super A, ? super B, ? extends R> function,
        final Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs, final int chunksize) {
        return starmapAsync(function, pairs, chunksize, null, null);
    }

    /**
     * Submits a function of two arguments over every pair, {@code chunksize} pairs per message, with callbacks that
     * run as those of {@link #mapAsync(SerializableFunction, Iterable, int, Consumer, Consumer)}.
     *
     * @param function  the function
     * @param pairs     the pairs of arguments
     * @param chunksize pairs per message to a worker, at least 1
     * @param onSuccess called with the results, in pair order, or {@code null}
     * @param onError   called with the first failure, or {@code null}
     * @param <A>       the type of the first arguments
     * @param <B>       the type of the second arguments
     * @param <R>       the type of the results
     * @return the results in pair order, to come
     */
    default <A, B, R> AsyncResult<List<R>> starmapAsync(
        final SerializableBiFunction<? super A, ? super B, ? extends R> function,
        final Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs, final int chunksize,
        final Consumer<? super List<R>> onSuccess, final Consumer<? super Throwable> onError) {
        return mapAsync(spread(function), spreadPairs(pairs), chunksize, onSuccess, onError);
    }

    @SuppressWarnings("unchecked")
    private static <A, B, R> SerializableFunction<Object[], R> spread(
        final SerializableBiFunction<? super A, ? super B, ? extends R> function) {
        Objects.requireNonNull(function, "function");
        return arguments -> function.apply((A) arguments[0], (B) arguments[1]);
    }

    private static List<Object[]> spreadPairs(final Iterable<? extends Map.Entry<?, ?>> pairs) {
        final List<Object[]> arguments = new ArrayList<>();
        for (final Map.Entry<?, ?> pair : pairs) {
            arguments.add(new Object[] {pair.getKey(), pair.getValue()});
        }
        return arguments;
    }

    // -------------------------------------------------------------------------------------------- lifecycle

    /**
     * Takes no more work, waits until the work submitted has finished, then stops the workers and waits for them to
     * end. Interrupted while waiting, it terminates the pool instead (and keeps the interrupt status). Unlike
     * Python's {@code with Pool()}, which terminates, a try-with-resources block therefore finishes its work.
     *
     * <p>The work of an {@code imap} not yet {@linkplain ImapIterator#close() closed} includes its whole input, as in
     * Python: from now on it is read to its end without waiting for its results to be taken (they are kept for the
     * iterator), and this waits for it; an endless input must be closed first.
     */
    @Override
    void close();

    /**
     * Stops now: work not yet finished fails with a {@link java.util.concurrent.CancellationException} (so does the
     * input of an {@code imap} not yet read), the workers are terminated (killed after 2 seconds), and this waits for
     * them to end.
     */
    void terminate();

    /**
     * Waits until the workers have ended, after {@link #close()} or {@link #terminate()} (perhaps in another thread).
     *
     * @throws InterruptedException  when interrupted while waiting
     * @throws IllegalStateException when the pool was neither closed nor terminated, as in Python
     */
    void join() throws InterruptedException;

    /**
     * Waits at most the timeout until the workers have ended, after {@link #close()} or {@link #terminate()}.
     *
     * @param timeout how long to wait
     * @return whether they have ended
     * @throws InterruptedException  when interrupted while waiting
     * @throws IllegalStateException when the pool was neither closed nor terminated
     */
    boolean join(final Duration timeout) throws InterruptedException;

    /**
     * Configures and starts a pool: number of workers, initializer, task limit per worker, JVM options.
     *
     * <p><b>Thread safety:</b> not thread-safe; a builder may create several pools, one after another.
     */
    final class Builder {

        private int processes = Processes.cpuCount();
        private Task initializer;
        private int maxTasksPerChild;
        private final List<String> jvmOptions = new ArrayList<>();

        private Builder() {
        }

        /**
         * @param processes the number of workers, at least 1 (default: {@link Processes#cpuCount()})
         * @return this builder
         */
        public Builder processes(final int processes) {
            if (processes < 1) {
                throw new IllegalArgumentException("a pool needs at least 1 process, not " + processes);
            }
            this.processes = processes;
            return this;
        }

        /**
         * @param initializer run once in each worker before its first task (Python's {@code initializer} with
         *                    {@code initargs} captured); when it throws, the pool fails its work with that cause
         * @return this builder
         */
        public Builder initializer(final Task initializer) {
            this.initializer = Objects.requireNonNull(initializer, "initializer");
            return this;
        }

        /**
         * @param maxTasksPerChild tasks (chunks, for map-like calls) a worker runs before it is replaced by a fresh
         *                         one, at least 1 (default: no limit)
         * @return this builder
         */
        public Builder maxTasksPerChild(final int maxTasksPerChild) {
            if (maxTasksPerChild < 1) {
                throw new IllegalArgumentException("maxTasksPerChild must be at least 1, not " + maxTasksPerChild);
            }
            this.maxTasksPerChild = maxTasksPerChild;
            return this;
        }

        /**
         * @param options extra JVM options of every worker, e.g. {@code "-Xmx256m"}
         * @return this builder
         */
        public Builder jvmOptions(final String... options) {
            jvmOptions.addAll(Arrays.asList(options));
            return this;
        }

        /**
         * Starts the pool: binds its socket and starts its workers in parallel; it takes work at once.
         *
         * @return the pool
         * @throws IOException                  when the socket cannot be bound or a worker JVM cannot be started
         * @throws java.io.UncheckedIOException when the initializer cannot be sent to a worker (names the class)
         */
        public Pool create() throws IOException {
            return new LocalPool(PoolEngine.start(processes, initializer, maxTasksPerChild, jvmOptions));
        }
    }
}
