package dev.mproc.cluster;

import dev.mproc.AsyncResult;
import dev.mproc.ImapIterator;
import dev.mproc.Job;
import dev.mproc.Pool;
import dev.mproc.SerializableFunction;
import dev.mproc.cluster.internal.ChunkCall;
import dev.mproc.cluster.internal.Dispatcher;
import dev.mproc.cluster.internal.JobCall;
import dev.mproc.cluster.internal.Outcome;
import dev.mproc.cluster.internal.ResultStream;
import dev.mproc.cluster.internal.Settled;
import dev.mproc.cluster.internal.WorkSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A {@link Pool} whose work runs on the members of a Hazelcast cluster, through their executor: the same verbs,
 * lambdas, result order, chunking and error reporting as {@link Pool#create(int)}, so that code moves from one machine
 * to many by changing its factory ({@link Cluster#pool()}).
 *
 * <ul>
 *   <li>Each unit (a job, or a chunk of a map) runs on one member, the members taking units in turn; a member runs as
 *       many units at once as its executor has threads. {@link #processes()} is the number of members now, and the
 *       default chunk size is Python's over it (items / (4 &times; members), rounded up).</li>
 *   <li>Results come in item order from {@code map} and {@code imap}, in completion order from
 *       {@code imapUnordered}; the iterators read their input lazily, at most four chunks per member ahead.</li>
 *   <li>An exception thrown by a task reaches the caller as the cause of an
 *       {@link java.util.concurrent.ExecutionException} (a {@link java.util.concurrent.CompletionException} from an
 *       iterator): the original with its remote stack trace, or a {@link dev.mproc.RemoteTaskException} standing for
 *       it when it cannot cross. A task or item that cannot be serialized fails at submission
 *       ({@link java.io.UncheckedIOException}); the items of the iterators fail in their place.</li>
 *   <li><b>A member that leaves</b> (kill -9, crash, cut off) while running a unit: the unit runs again on another
 *       member, at most {@link #MAX_ATTEMPTS} members in all, then fails with a {@link MemberLostException}; never a
 *       hang. A unit is thus run <em>at least once</em>: side effects of a task may have happened, partly, on the lost
 *       member. A loss counts as soon as the member's process ends (for members the {@link Cluster} started),
 *       Hazelcast reports the connection lost, or the membership drops the member; a member started elsewhere and
 *       cut off by the network without closing its connections is noticed by Hazelcast's heartbeat (60 seconds by
 *       default).</li>
 *   <li>{@link #close()} takes no more work and waits for the work submitted; {@link #terminate()} fails the work not
 *       finished with a {@link CancellationException} at once. Neither stops the members, which belong to the
 *       {@link Cluster}: a unit already running on a member runs to its end and its result is dropped.</li>
 * </ul>
 *
 * <p>Functions and items cross by Java serialization, through Hazelcast: their classes must be on each member's class
 * path (members started by {@link Cluster} have this JVM's class path).
 *
 * <p><b>Thread safety:</b> safe for use by several threads. <b>Process safety:</b> lives in the process that made it
 * and is not serializable; the members it sends work to are other processes, on this machine or others, and any
 * process connected to the same cluster may make a pool of its own.
 */
public final class ClusterPool implements Pool {

    /** How many members a unit is sent to, one after another as they leave, before it fails. */
    public static final int MAX_ATTEMPTS = 3;

    /** Chunks an iterator keeps in flight, per member. */
    private static final int WINDOW_PER_MEMBER = 4;

    private static final AtomicInteger FEEDER_NUMBERS = new AtomicInteger();

    private final Dispatcher dispatcher;
    private final WorkSet works = new WorkSet();

    ClusterPool(final Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** @return the number of members in the cluster now */
    @Override
    public int processes() {
        return dispatcher.members();
    }

    @Override
    public <T> AsyncResult<T> applyAsync(final Job<T> job, final Consumer<? super T> onSuccess,
                                         final Consumer<? super Throwable> onError) {
        Objects.requireNonNull(job, "job");
        final Settled<T> result = open(onSuccess, onError);
        try {
            submit(new JobCall(job), result::fail, outcome -> {
                @SuppressWarnings("unchecked")
                final T value = (T) outcome.values()[0];
                result.succeed(value);
            });
        } catch (final RuntimeException notSent) {
            result.abandon();
            throw notSent;
        }
        return AsyncResult.of(result.future());
    }

    @Override
    public <T, R> AsyncResult<List<R>> mapAsync(final SerializableFunction<? super T, ? extends R> function,
                                                final Iterable<? extends T> items, final int chunksize,
                                                final Consumer<? super List<R>> onSuccess,
                                                final Consumer<? super Throwable> onError) {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(items, "items");
        positive(chunksize);
        final List<Object> list = new ArrayList<>();
        items.forEach(list::add);
        final Settled<List<R>> result = open(onSuccess, onError);
        final Object[] values = new Object[list.size()];
        final int units = (list.size() + chunksize - 1) / chunksize;
        final AtomicInteger unitsLeft = new AtomicInteger(units);
        if (units == 0) {
            result.succeed(List.of());
        }
        try {
            for (int first = 0; first < list.size() && !result.isDone(); first += chunksize) {
                final int from = first;
                final Object[] chunk = list.subList(from, Math.min(list.size(), from + chunksize)).toArray();
                submit(new ChunkCall(function, chunk), result::fail, outcome -> {
                    // Each chunk fills its own slots; the decrement publishes them to the thread that completes.
                    System.arraycopy(outcome.values(), 0, values, from, chunk.length);
                    if (unitsLeft.decrementAndGet() == 0) {
                        @SuppressWarnings("unchecked")
                        final List<R> all = (List<R>) Collections.unmodifiableList(Arrays.asList(values));
                        result.succeed(all);
                    }
                });
            }
        } catch (final RuntimeException notSent) {
            // Chunks already sent run; their results are dropped.
            result.abandon();
            throw notSent;
        }
        return AsyncResult.of(result.future());
    }

    @Override
    public <T, R> ImapIterator<R> imap(final SerializableFunction<? super T, ? extends R> function,
                                       final Iterable<? extends T> items, final int chunksize) {
        return iterate(function, items, chunksize, true);
    }

    @Override
    public <T, R> ImapIterator<R> imapUnordered(final SerializableFunction<? super T, ? extends R> function,
                                                final Iterable<? extends T> items, final int chunksize) {
        return iterate(function, items, chunksize, false);
    }

    private <R> ImapIterator<R> iterate(final SerializableFunction<?, ?> function, final Iterable<?> items,
                                        final int chunksize, final boolean ordered) {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(items, "items");
        positive(chunksize);
        final ResultStream<R> stream = new ResultStream<>(ordered);
        final Feeder feeder = new Feeder(function, items, chunksize, stream);
        works.open(feeder);
        final Thread thread = new Thread(feeder, "mproc-cluster-imap-" + FEEDER_NUMBERS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
        return ImapIterator.of(stream, stream::close);
    }

    /** Opens a work whose result settles once; it leaves the open work when it does. */
    private <V> Settled<V> open(final Consumer<? super V> onSuccess, final Consumer<? super Throwable> onError) {
        final Settled<V> result = new Settled<>(onSuccess, onError, works::closed);
        works.open(result);
        return result;
    }

    private void submit(final java.util.concurrent.Callable<Outcome> call, final Consumer<Throwable> onFailure,
                        final Consumer<Outcome> onSuccess) {
        final BiConsumer<Outcome, Throwable> handler = (outcome, failure) -> {
            if (failure != null) {
                onFailure.accept(failure);
            } else if (outcome.isFailure()) {
                onFailure.accept(outcome.failure());
            } else {
                onSuccess.accept(outcome);
            }
        };
        dispatcher.dispatch(call, handler);
    }

    private static void positive(final int chunksize) {
        if (chunksize < 1) {
            throw new IllegalArgumentException("chunksize must be at least 1, not " + chunksize);
        }
    }

    /**
     * Takes no more work and waits until the work submitted has finished (the input of an iterator not closed
     * included). Interrupted while waiting, it terminates the pool instead (and keeps the interrupt status).
     */
    @Override
    public void close() {
        works.close();
        try {
            works.awaitEmpty(Long.MAX_VALUE);
        } catch (final InterruptedException e) {
            terminate();
            Thread.currentThread().interrupt();
        }
    }

    /** Fails the work not finished with a {@link CancellationException} and takes no more; the members go on. */
    @Override
    public void terminate() {
        works.terminate();
    }

    @Override
    public void join() throws InterruptedException {
        requireClosing();
        works.awaitEmpty(Long.MAX_VALUE);
    }

    @Override
    public boolean join(final Duration timeout) throws InterruptedException {
        requireClosing();
        return works.awaitEmpty(timeout.toNanos());
    }

    private void requireClosing() {
        if (!works.isClosing()) {
            throw new IllegalStateException("the cluster pool was neither closed nor terminated");
        }
    }

    @Override
    public String toString() {
        return "<ClusterPool members=" + processes() + (works.isClosing() ? " closed" : "") + ">";
    }

    /** Reads an iterator's input in its own thread and sends it in chunks, a window ahead of the consumer. */
    private final class Feeder implements Runnable, WorkSet.Work {

        private final SerializableFunction<?, ?> function;
        private final Iterable<?> items;
        private final int chunksize;
        private final ResultStream<?> stream;
        private volatile CancellationException cancelled;
        private volatile Thread thread;

        Feeder(final SerializableFunction<?, ?> function, final Iterable<?> items, final int chunksize,
               final ResultStream<?> stream) {
            this.function = function;
            this.items = items;
            this.chunksize = chunksize;
            this.stream = stream;
        }

        @Override
        public void closing() {
            stream.unbound();
        }

        @Override
        public void cancel(final CancellationException cause) {
            cancelled = cause;
            final Thread running = thread;
            if (running != null) {
                running.interrupt();
            }
        }

        @Override
        public void run() {
            thread = Thread.currentThread();
            final AtomicInteger inFlight = new AtomicInteger(1);
            long sent = 0;
            try {
                final Iterator<?> input = items.iterator();
                while (cancelled == null && !stream.isClosed()) {
                    final List<Object> chunk = new ArrayList<>(chunksize);
                    while (chunk.size() < chunksize && input.hasNext()) {
                        chunk.add(input.next());
                    }
                    if (chunk.isEmpty() || !stream.awaitRoom(sent, WINDOW_PER_MEMBER * dispatcher.members())) {
                        break;
                    }
                    final long ordinal = sent++;
                    inFlight.incrementAndGet();
                    send(ordinal, chunk.toArray(), inFlight);
                }
                if (cancelled != null) {
                    stream.inputFailed(sent, cancelled);
                } else {
                    stream.inputEnded(sent);
                }
            } catch (final InterruptedException e) {
                stream.inputFailed(sent, cancelled != null ? cancelled : new CancellationException("interrupted"));
            } catch (final RuntimeException | Error e) {
                stream.inputFailed(sent, e);
            } finally {
                finished(inFlight);
            }
        }

        private void send(final long ordinal, final Object[] chunk, final AtomicInteger inFlight) {
            final Consumer<Throwable> failed = cause -> {
                stream.failed(ordinal, cause);
                finished(inFlight);
            };
            try {
                submit(new ChunkCall(function, chunk), failed, outcome -> {
                    stream.arrive(ordinal, outcome.values());
                    finished(inFlight);
                });
            } catch (final RuntimeException notSent) {
                failed.accept(notSent);
            }
        }

        /** The feeder and each chunk count as one; the work ends when all have. */
        private void finished(final AtomicInteger inFlight) {
            if (inFlight.decrementAndGet() == 0) {
                works.closed(this);
            }
        }
    }
}
