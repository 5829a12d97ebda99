package dev.mproc.internal.pool;

import dev.mproc.internal.Codec;
import dev.mproc.internal.wire.FrameBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads the items of an {@code imap} lazily, in a thread of its own as Python's task handler does: cuts them into
 * chunks, encodes them and adds them to the engine as the units of an open {@link Work}.
 *
 * <p>While the pool is open it stays at most a window of units ({@link #WINDOW_PER_WORKER} per worker) ahead of the
 * consumer, so an endless input is read only as fast as its results are taken; once the pool is closing it reads on
 * to the end of the input, because {@code close()} waits for the work submitted. It stops when the input ends, when
 * the input throws (the exception becomes the last outcome, in place of the chunk it was reading, as in Python),
 * when the consumer closes or drops its iterator, and when the pool is terminated (a {@link CancellationException}
 * then stands for the items not read). An item that cannot be encoded fails its unit in place, and reading goes on.
 *
 * <p>Thread safety: {@link #stop()} and the pool's notice of a change may come from any thread. The feeder's thread
 * is interrupted only while it is inside the input's iterator (to end a read that blocks), never while it sends to a
 * worker, where an interrupt would close the worker's channel.
 */
public final class InputFeeder {

    /** Units the feeder may be ahead of the consumer, per worker: two at a worker, and results waiting to be taken. */
    static final int WINDOW_PER_WORKER = 4;

    private static final Codec CODEC = Codec.standard();
    private static final AtomicInteger FEEDER_NUMBERS = new AtomicInteger();
    /** What the input gives when it has no more items. */
    private static final Object NO_MORE = new Object();

    private final PoolEngine engine;
    private final Iterable<?> items;
    private final int chunksize;
    private final long window;
    private final StreamSink<?> sink;
    private final Thread thread;
    private final Work work;
    /** Guards {@link #reading} and the interrupts of the feeder's thread. */
    private final Object interruptLock = new Object();
    /** Whether the feeder's thread is inside the input's iterator; guarded by interruptLock. */
    private boolean reading;

    private InputFeeder(final PoolEngine engine, final Object function, final Iterable<?> items, final int chunksize,
                        final StreamSink<?> sink) {
        this.engine = engine;
        this.items = items;
        this.chunksize = chunksize;
        this.window = (long) WINDOW_PER_WORKER * engine.processes();
        this.sink = sink;
        this.thread = new Thread(this::feed, engine.name() + "-imap-feeder-" + FEEDER_NUMBERS.incrementAndGet());
        this.thread.setDaemon(true);
        // Last: from here on the engine may tell this feeder of a change, which uses only the fields set above.
        this.work = engine.openWork(function, sink, this::poolChanged);
    }

    /**
     * Opens the work of an imap and starts reading its items.
     *
     * @param engine    the pool
     * @param function  the function, encoded now in the calling thread
     * @param items     the items, whose iterator is made and read in the feeder's thread
     * @param chunksize items per unit
     * @param sink      where the results go
     * @return the running feeder
     * @throws UncheckedIOException  when the function cannot be encoded (the message names the class)
     * @throws IllegalStateException when the pool was closed or terminated
     */
    public static InputFeeder start(final PoolEngine engine, final Object function, final Iterable<?> items,
                                    final int chunksize, final StreamSink<?> sink) {
        final InputFeeder feeder = new InputFeeder(engine, function, items, chunksize, sink);
        feeder.thread.start();
        return feeder;
    }

    /** The results are no longer wanted (the iterator was closed or dropped): stop reading, skip units not started. */
    public void stop() {
        sink.close();
        interruptReading();
    }

    /** The pool started closing (read on to the end) or was terminated (stop). */
    private void poolChanged() {
        sink.wake();
        if (engine.isTerminated()) {
            interruptReading();
        }
    }

    /** The feeder's thread: reads, encodes and adds units until the input ends or the feeder must stop. */
    private void feed() {
        long added = 0;
        boolean inputEnded = false;
        Throwable failure = null;
        try {
            final Iterator<?> input = nextOf(null);
            final FrameBuffer chunk = new FrameBuffer(256);
            long read = 0;
            while (awaitRoom(added)) {
                chunk.reset();
                chunk.putInt(0);
                int count = 0;
                IOException unsendable = null;
                long unsendableIndex = -1;
                Object item;
                // As Python's, a chunk the input fails in is lost: the failure takes its place.
                while (count < chunksize && (item = nextOf(input)) != NO_MORE) {
                    if (unsendable == null) {
                        unsendable = encode(chunk, item);
                        unsendableIndex = read;
                    }
                    count++;
                    read++;
                }
                if (count == 0) {
                    inputEnded = true;
                    break;
                }
                if (unsendable != null) {
                    sink.failed(added++, new UncheckedIOException("item " + unsendableIndex
                        + " cannot be sent to a pool worker: " + unsendable.getMessage(), unsendable));
                    continue;
                }
                chunk.patchInt(0, count);
                if (!engine.addUnit(work, added, read - count, chunk.toByteArray())) {
                    break;
                }
                added++;
            }
        } catch (final InputFailure e) {
            failure = e.getCause();
        } catch (final RuntimeException | Error e) {
            // Not the input's fault (out of memory while encoding): the consumer hears of it in the same place.
            failure = e;
        } finally {
            finish(added, inputEnded, failure);
        }
    }

    /** Tells the sink how the input ended, then lets the engine count the work's input as done. */
    private void finish(final long added, final boolean inputEnded, final Throwable failure) {
        try {
            if (inputEnded || sink.isDone()) {
                // Read to the end, or closed by the consumer (then nobody takes an outcome).
                sink.inputEnded(added);
            } else if (engine.isTerminated()) {
                sink.inputFailed(added, new CancellationException(
                    "the pool was terminated before every item of the imap was read"));
            } else if (failure != null) {
                sink.inputFailed(added, failure);
            } else {
                sink.inputEnded(added);
            }
        } finally {
            engine.endWork(work);
        }
    }

    /**
     * Waits until the feeder may add a unit: within the window while the pool is open, at once once it is closing.
     *
     * @return false when the feeder should stop: the results are not wanted, or the pool was terminated
     */
    private boolean awaitRoom(final long added) {
        while (!sink.isDone() && !engine.isTerminated()) {
            try {
                if (sink.awaitRoom(added, engine.isClosing() ? Long.MAX_VALUE : window)) {
                    return true;
                }
            } catch (final InterruptedException e) {
                // Only stop() and a terminating pool interrupt this thread: the loop looks at why.
            }
        }
        return false;
    }

    /**
     * Calls into the input: makes its iterator ({@code input} null), or takes its next item. Here alone the feeder's
     * thread may be interrupted, to end a read that blocks; an interrupt is cleared on the way out.
     *
     * @return the iterator, the next item, or {@link #NO_MORE}
     * @throws InputFailure with what the input threw
     */
    private <V> V nextOf(final Iterator<?> input) {
        synchronized (interruptLock) {
            reading = true;
        }
        try {
            @SuppressWarnings("unchecked")
            final V next = (V) (input == null ? items.iterator() : input.hasNext() ? input.next() : NO_MORE);
            return next;
        } catch (final Throwable e) {
            throw new InputFailure(e);
        } finally {
            synchronized (interruptLock) {
                reading = false;
                Thread.interrupted();
            }
        }
    }

    private void interruptReading() {
        synchronized (interruptLock) {
            if (reading) {
                thread.interrupt();
            }
        }
    }

    /** @return null when the item was appended to the chunk, else why it cannot be sent (nothing appended) */
    private static IOException encode(final FrameBuffer chunk, final Object item) {
        try {
            chunk.putValue(CODEC, item);
            return null;
        } catch (final IOException e) {
            return e;
        } catch (final RuntimeException e) {
            return new IOException(e.toString(), e);
        }
    }

    /** What the input threw, carried out of the reading loop. */
    private static final class InputFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InputFailure(final Throwable cause) {
            super(cause);
        }
    }
}
