package dev.mproc;

import dev.mproc.internal.pool.StreamSink;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CompletionException;

/**
 * The results of {@link Pool#imap} or {@link Pool#imapUnordered}, as they come: Python's {@code IMapIterator}.
 *
 * <p>The pool reads the items lazily, in a thread of its own, at most four chunks per worker ahead of the results
 * taken from this iterator, so the items may be endless. {@link #next()} waits for the next result; a failed item (or
 * chunk) throws a {@link CompletionException} with the cause once, in its place, and iteration goes on; an exception of
 * the items' own iterator is thrown as itself where iteration reaches it, in place of the chunk being read, and ends
 * the results (those of {@code imapUnordered} still running may come after it). When the pool is terminated, the
 * results not yet delivered fail with a {@link java.util.concurrent.CancellationException}.
 *
 * <p>{@link #close()} stops the reading, skips the items not yet started and drops their results; an iterator that
 * is dropped without being closed is closed once the garbage collector finds it unreachable. Close it (or read it to
 * its end) before {@link Pool#close()}, which otherwise waits until the whole input is read and run.
 *
 * <p><b>Thread safety:</b> one thread at a time may take results; {@link #close()} may be called from any thread.
 * <b>Process safety:</b> lives in the process that made the pool; it is not serializable.
 *
 * @param <R> the type of the results
 */
public final class ImapIterator<R> implements Iterator<R>, AutoCloseable {

    /** Closes the iterators nobody closed; its thread starts with the first imap. */
    private static final Cleaner CLEANER = Cleaner.create();

    private final Iterator<R> sink;
    private final Cleaner.Cleanable closer;

    /**
     * @param sink the results
     * @param stop stops the reading; it must not refer to this iterator, or it would never become unreachable
     */
    ImapIterator(final StreamSink<R> sink, final Runnable stop) {
        this(new Iterator<R>() {
            @Override
            public boolean hasNext() {
                return sink.hasNext();
            }

            @Override
            public R next() {
                return sink.next();
            }
        }, stop);
    }

    private ImapIterator(final Iterator<R> results, final Runnable stop) {
        this.sink = results;
        this.closer = CLEANER.register(this, stop);
    }

    /**
     * The iterator of a {@link Pool} implemented outside this package, with the contract above: {@code results}
     * blocks in {@code hasNext()} until the next outcome is there and throws a {@link CompletionException} for a
     * failed item; {@code stop} runs once, at {@link #close()} or when this iterator becomes unreachable.
     *
     * @param results the results as they come
     * @param stop    stops the reading and drops what is left; it must not refer to the iterator
     * @param <R>     the type of the results
     * @return the iterator
     */
    public static <R> ImapIterator<R> of(final Iterator<R> results, final Runnable stop) {
        return new ImapIterator<>(Objects.requireNonNull(results, "results"), Objects.requireNonNull(stop, "stop"));
    }

    /**
     * Waits until there is a next result, or none will come.
     *
     * @return whether {@link #next()} has a result, or a failure, to give
     * @throws CompletionException when interrupted while waiting (the interrupt status is kept)
     */
    @Override
    public boolean hasNext() {
        try {
            return sink.hasNext();
        } finally {
            // A consumer blocked in here keeps the iterator reachable, so the cleaner does not close it meanwhile.
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Waits for the next result.
     *
     * @return the next result
     * @throws CompletionException    when its item failed in the worker (the cause says why), or when interrupted
     * @throws NoSuchElementException when there are no more results, or the iterator was closed
     * @throws RuntimeException       what the items' iterator threw, as itself, in the place where it threw
     */
    @Override
    public R next() {
        try {
            return sink.next();
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Stops reading the items, skips those not started, drops the results; {@link #hasNext()} is then false. */
    @Override
    public void close() {
        closer.clean();
    }
}
