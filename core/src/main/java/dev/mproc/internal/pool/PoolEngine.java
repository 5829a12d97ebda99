package dev.mproc.internal.pool;

import dev.mproc.Job;
import dev.mproc.Task;
import dev.mproc.WorkerLostException;
import dev.mproc.internal.Codec;
import dev.mproc.internal.ExitCleanup;
import dev.mproc.internal.wire.FrameBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The parent side of a pool, as {@link dev.mproc.Pool} uses it: it takes work, encodes it in the caller's thread, and
 * runs it on worker JVMs, which it replaces when they die or retire; {@link #close()} and {@link #terminate()} end it.
 *
 * <p>Its parts, in this package, each of one concern: the {@link Dispatcher} decides which unit goes to which worker
 * (plain logic); the {@link Supervisor} starts, replaces and ends the worker JVMs; {@link WorkerConnections} serves the
 * socket they connect back to (a reader thread per worker) and {@link WorkerLink} sends to each; the
 * {@link Lifecycle} holds where the pool is in its life and what it owes before it may stop.
 *
 * <p>There is no dispatcher thread: the thread that makes work available (a submitter) or a worker idle (that
 * worker's reader) assigns units under the lock and sends them after releasing it ({@link Actions}), so a result costs
 * one thread wake-up. A worker runs one unit at a time, so the unit a dead worker was running is the oldest it has not
 * answered: that unit alone fails with a {@link WorkerLostException}, the units queued behind it (never started) go
 * back to the front of the queue, and a replacement starts.
 *
 * <p>The units of an {@code apply} or a {@code map} are all queued at submission; an {@code imap}'s work stays open
 * while its {@link InputFeeder} reads the input and adds units, and {@link #close()} waits for it as for a unit
 * outstanding.
 *
 * <p>Locking: one lock for the whole pool, {@link #lock}, shared with the parts. It guards the dispatcher's state (and
 * the dispatch fields of each {@link Work}), the lifecycle's state, the supervisor's table of workers and each
 * {@link WorkerLink}'s state. It is never held while a message is sent, a result or a failure delivered, a callback
 * run or a JVM started: those are collected in {@link Actions} under it and carried out after it.
 */
public final class PoolEngine {

    private static final AtomicInteger POOL_NUMBERS = new AtomicInteger();
    private static final Codec CODEC = Codec.standard();

    private final int processes;
    private final String poolName = "mproc-pool-" + POOL_NUMBERS.incrementAndGet();
    private final AtomicLong ids = new AtomicLong();
    /** The pool's lock: see the class comment for what it guards. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by lock. */
    private final Dispatcher<WorkerLink> dispatcher;
    /** Its state guarded by lock. */
    private final Lifecycle lifecycle;
    /** Its state guarded by lock. */
    private final Supervisor supervisor;
    private final WorkerConnections connections;

    private PoolEngine(final int processes, final Task initializer, final int maxTasks, final List<String> jvmOptions,
                       final BooleanSupplier exiting) throws IOException {
        this.processes = processes;
        final ClassLoader callerLoader = Supervisor.callerLoader();
        this.dispatcher = new Dispatcher<>(maxTasks);
        this.lifecycle = new Lifecycle(lock);
        this.connections = WorkerConnections.bind(poolName);
        this.supervisor = new Supervisor(lock, lifecycle, dispatcher, connections.socketPath(), initializer, maxTasks,
            jvmOptions, callerLoader, exiting);
    }

    /**
     * Binds the pool's socket and starts its workers (in parallel: the pool takes work at once and runs it as soon
     * as the first worker is ready).
     *
     * @param processes   the number of workers
     * @param initializer run once in each worker before its first task, or {@code null}
     * @param maxTasks    units a worker runs before it is replaced, 0 for no limit
     * @param jvmOptions  extra JVM options of the workers
     * @return the running engine
     * @throws IOException when the socket cannot be bound or a worker JVM cannot be started
     */
    public static PoolEngine start(final int processes, final Task initializer, final int maxTasks,
                                   final List<String> jvmOptions) throws IOException {
        return start(processes, initializer, maxTasks, jvmOptions, ExitCleanup::exiting);
    }

    /** As {@link #start(int, Task, int, List)}, with a say on whether the JVM is shutting down. */
    static PoolEngine start(final int processes, final Task initializer, final int maxTasks,
                            final List<String> jvmOptions, final BooleanSupplier exiting) throws IOException {
        final PoolEngine engine = new PoolEngine(processes, initializer, maxTasks, jvmOptions, exiting);
        engine.connections.start(engine.supervisor, engine::answered);
        final IOException failure = engine.supervisor.startWorkers(processes);
        if (failure != null) {
            engine.shutdown(true);
            throw failure;
        }
        return engine;
    }

    /** @return the socket its workers connect back to */
    Path socketPath() {
        return connections.socketPath();
    }

    /** @return the number of workers the pool keeps */
    public int processes() {
        return processes;
    }

    /** @return the pool's name, which its threads' names begin with */
    String name() {
        return poolName;
    }

    // ------------------------------------------------------------------------------------------ submitting

    /**
     * Submits one call of a job; the job is encoded in the calling thread.
     *
     * @param job  the job
     * @param sink where its result goes
     * @throws UncheckedIOException  when the job cannot be encoded (the message names the class)
     * @throws IllegalStateException when the pool was closed or terminated
     */
    public void submit(final Job<?> job, final ResultSink sink) {
        final byte[] function = encode(job);
        enqueue(function, List.of(new byte[4]), new int[] {0}, sink);
    }

    /**
     * Submits a function over items cut into chunks; everything is encoded in the calling thread.
     *
     * @param function  the function
     * @param items     the items
     * @param chunksize items per unit, at least 1
     * @param sink      where the results go
     * @throws UncheckedIOException  when the function or an item cannot be encoded (the message names the class)
     * @throws IllegalStateException when the pool was closed or terminated
     */
    public void submit(final Object function, final List<?> items, final int chunksize, final ResultSink sink) {
        final byte[] encodedFunction = encode(function);
        final int units = units(items.size(), chunksize);
        final List<byte[]> chunks = new ArrayList<>(units);
        final int[] firstItems = new int[units];
        final FrameBuffer chunk = new FrameBuffer(64);
        for (int u = 0; u < units; u++) {
            final int from = u * chunksize;
            final int to = Math.min(items.size(), from + chunksize);
            chunk.reset();
            chunk.putInt(to - from);
            for (int i = from; i < to; i++) {
                try {
                    chunk.putValue(CODEC, items.get(i));
                } catch (final IOException e) {
                    throw new UncheckedIOException("item " + i + " cannot be sent to a pool worker: " + e.getMessage(),
                        e);
                }
            }
            chunks.add(chunk.toByteArray());
            firstItems[u] = from;
        }
        enqueue(encodedFunction, chunks, firstItems, sink);
    }

    /**
     * @param items     the number of items
     * @param chunksize items per unit
     * @return the number of units they are cut into
     */
    public static int units(final int items, final int chunksize) {
        return (items + chunksize - 1) / chunksize;
    }

    private static byte[] encode(final Object function) {
        final FrameBuffer out = new FrameBuffer(256);
        try {
            CODEC.encode(function, out);
        } catch (final IOException e) {
            throw new UncheckedIOException("the task cannot be sent to a pool worker: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private void enqueue(final byte[] function, final List<byte[]> chunks, final int[] firstItems,
                         final ResultSink sink) {
        final Work work = new Work(ids.incrementAndGet(), function, chunks.size(), sink);
        final Actions actions = supervisor.actions();
        lock.lock();
        try {
            lifecycle.checkRunning();
            for (int u = 0; u < chunks.size(); u++) {
                dispatcher.queue(new Unit(ids.incrementAndGet(), work, u, firstItems[u], chunks.get(u)));
            }
            lifecycle.owe(chunks.size());
            dispatcher.pump(actions);
        } finally {
            lock.unlock();
        }
        actions.run();
        if (chunks.isEmpty()) {
            sink.noUnits();
        }
    }

    /** A worker answered a unit ({@link WorkerConnections.Answers}): it is over, and the worker may take more. */
    private Unit answered(final WorkerLink link, final long unitId, final long runNanos, final Actions actions) {
        lock.lock();
        try {
            final Unit unit = dispatcher.answered(link, unitId, runNanos, actions);
            if (unit != null) {
                dispatcher.pump(actions);
            }
            return unit;
        } finally {
            lock.unlock();
        }
    }

    // ----------------------------------------------------------------------------- works read lazily (imap)

    /**
     * Opens a work that takes its units one by one, as its {@link InputFeeder} reads them; {@link #close()} waits for
     * it until {@link #endWork} as for a unit outstanding. The function is encoded in the calling thread.
     *
     * @param function     the function
     * @param sink         where the results go
     * @param onPoolChange told, outside the lock, when the pool starts closing or is terminated
     * @return the work
     * @throws UncheckedIOException  when the function cannot be encoded (the message names the class)
     * @throws IllegalStateException when the pool was closed or terminated
     */
    Work openWork(final Object function, final ResultSink sink, final Runnable onPoolChange) {
        final Work work = new Work(ids.incrementAndGet(), encode(function), sink, onPoolChange);
        lock.lock();
        try {
            lifecycle.checkRunning();
            lifecycle.opened(work);
        } finally {
            lock.unlock();
        }
        return work;
    }

    /**
     * Adds a unit to an open work; it may be added after {@link #close()} began (close waits for the work's input).
     *
     * @return false when the pool was terminated: the unit is not taken
     */
    boolean addUnit(final Work work, final long ordinal, final long firstItem, final byte[] items) {
        final Actions actions = supervisor.actions();
        lock.lock();
        try {
            if (lifecycle.terminated()) {
                return false;
            }
            dispatcher.queue(new Unit(ids.incrementAndGet(), work, ordinal, firstItem, items));
            lifecycle.owe(1);
            dispatcher.pump(actions);
        } finally {
            lock.unlock();
        }
        actions.run();
        return true;
    }

    /** An open work takes no more units: its input ended, failed, or is no longer wanted. Idempotent. */
    void endWork(final Work work) {
        final Actions actions = supervisor.actions();
        lock.lock();
        try {
            if (!dispatcher.endWork(work, actions)) {
                return;
            }
            lifecycle.ended(work);
        } finally {
            lock.unlock();
        }
        actions.run();
        lifecycle.finished(1);
    }

    /** @return whether close() or terminate() has begun: open works then read their input to its end, or stop */
    boolean isClosing() {
        lock.lock();
        try {
            return lifecycle.closing();
        } finally {
            lock.unlock();
        }
    }

    /** @return whether the pool was terminated: open works stop reading */
    boolean isTerminated() {
        lock.lock();
        try {
            return lifecycle.terminated();
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------- lifecycle

    /**
     * Takes no more work, waits for the work submitted and for workers still starting to be ready, then stops the
     * workers; interrupted, it terminates.
     */
    public void close() {
        // An imap still reading its input reads on without its window now: close() waits for that input's end.
        lifecycle.beginClose().forEach(Runnable::run);
        // As Python's close() and join(): workers still starting start (their initializer runs), then stop.
        final boolean interrupted = !lifecycle.awaitIdle(supervisor::starting);
        shutdown(interrupted);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops now: work not finished fails with a {@link CancellationException}, the workers are terminated. */
    public void terminate() {
        shutdown(true);
    }

    /**
     * Waits until the workers have ended.
     *
     * @param timeoutNanos how long to wait at most
     * @return whether they ended in time
     * @throws InterruptedException  when interrupted
     * @throws IllegalStateException when the pool was neither closed nor terminated
     */
    public boolean join(final long timeoutNanos) throws InterruptedException {
        return lifecycle.join(timeoutNanos);
    }

    /**
     * Stops the pool: terminated ({@code now}: its work not finished is cancelled, its workers terminated) or stopped
     * (its ready workers told to stop, and given a grace to). The first call ends the workers and the socket; a later
     * one waits for that.
     */
    private void shutdown(final boolean now) {
        final Actions actions = supervisor.actions();
        final Supervisor.Stopping workers;
        final boolean first;
        List<Runnable> listeners = List.of();
        lock.lock();
        try {
            if (lifecycle.stop(now)) {
                listeners = lifecycle.openWorkListeners();
                dispatcher.terminate(new CancellationException("the pool was terminated"), actions);
            }
            first = lifecycle.beginShutdown();
            workers = supervisor.stop(first && !now, actions);
            lifecycle.changed();
        } finally {
            lock.unlock();
        }
        actions.run();
        listeners.forEach(Runnable::run);
        if (now) {
            workers.terminate();
        }
        if (!first) {
            lifecycle.awaitStopped();
            return;
        }
        connections.close();
        final boolean interrupted = workers.end(now);
        lifecycle.stopped();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "<Pool " + poolName + " state=" + lifecycle + " pool_size=" + processes + " workers="
                + supervisor.describe() + " pending=" + dispatcher.pendingCount() + ">";
        } finally {
            lock.unlock();
        }
    }
}
