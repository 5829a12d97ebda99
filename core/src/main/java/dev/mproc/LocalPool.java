package dev.mproc;

import dev.mproc.internal.pool.InputFeeder;
import dev.mproc.internal.pool.ListSink;
import dev.mproc.internal.pool.PoolEngine;
import dev.mproc.internal.pool.SingleSink;
import dev.mproc.internal.pool.StreamSink;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The pool of {@link Pool#create(int)} and {@link Pool#builder()}: worker JVMs on this machine, run by a
 * {@link PoolEngine}. Its contract is {@link Pool}'s.
 *
 * <p><b>Thread safety:</b> safe for use by several threads. <b>Process safety:</b> belongs to the process that
 * created it; its workers exit when it closes, and when this process dies.
 */
final class LocalPool implements Pool {

    private final PoolEngine engine;

    LocalPool(final PoolEngine engine) {
        this.engine = engine;
    }

    @Override
    public int processes() {
        return engine.processes();
    }

    @Override
    public <T> AsyncResult<T> applyAsync(final Job<T> job, final Consumer<? super T> onSuccess,
                                         final Consumer<? super Throwable> onError) {
        Objects.requireNonNull(job, "job");
        final SingleSink<T> sink = new SingleSink<>(onSuccess, onError);
        engine.submit(job, sink);
        return new AsyncResult<>(sink.future());
    }

    @Override
    public <T, R> AsyncResult<List<R>> mapAsync(final SerializableFunction<? super T, ? extends R> function,
                                                final Iterable<? extends T> items, final int chunksize,
                                                final Consumer<? super List<R>> onSuccess,
                                                final Consumer<? super Throwable> onError) {
        Objects.requireNonNull(function, "function");
        final List<? extends T> list = PoolArguments.listOf(items);
        final int units = PoolEngine.units(list.size(), PoolArguments.positive(chunksize));
        final ListSink<R> sink = new ListSink<>(list.size(), units, onSuccess, onError);
        engine.submit(function, list, chunksize, sink);
        return new AsyncResult<>(sink.future());
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
        PoolArguments.positive(chunksize);
        final StreamSink<R> sink = new StreamSink<>(ordered);
        // The stop action refers to the feeder, never to the iterator: a dropped iterator can be collected.
        final InputFeeder feeder = InputFeeder.start(engine, function, items, chunksize, sink);
        return new ImapIterator<>(sink, feeder::stop);
    }

    @Override
    public void close() {
        engine.close();
    }

    @Override
    public void terminate() {
        engine.terminate();
    }

    @Override
    public void join() throws InterruptedException {
        engine.join(Long.MAX_VALUE);
    }

    @Override
    public boolean join(final Duration timeout) throws InterruptedException {
        return engine.join(timeout.toNanos());
    }

    @Override
    public String toString() {
        return engine.toString();
    }
}
