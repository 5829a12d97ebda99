package dev.mproc.internal.pool;

import dev.mproc.Job;
import dev.mproc.Process;
import dev.mproc.Task;
import dev.mproc.WorkerLostException;
import dev.mproc.internal.ChildClassPath;
import dev.mproc.internal.Codec;
import dev.mproc.internal.ExitCleanup;
import dev.mproc.internal.ProcessContext;
import dev.mproc.internal.RuntimeDirectory;
import dev.mproc.internal.wire.AcceptLoop;
import dev.mproc.internal.wire.Endpoints;
import dev.mproc.internal.wire.FrameBuffer;
import dev.mproc.internal.wire.FrameChannel;
import dev.mproc.internal.wire.RateLimitedLog;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The parent side of a pool: it listens on a Unix socket for its workers, hands units to idle workers, takes their
 * results, and replaces workers that die or retire.
 *
 * <p>There is no dispatcher thread: the thread that makes work available (a submitter) or a worker idle (that
 * worker's reader) assigns units under the lock and sends them after releasing it, so a result costs one thread
 * wake-up. Each worker has a reader thread; a worker runs one unit at a time, so the unit a dead worker was running is
 * the oldest it has not answered: that unit alone fails with a {@link WorkerLostException}, the units queued behind it
 * (never started) go back to the front of the queue, and a replacement starts.
 *
 * <p>The units of an {@code apply} or a {@code map} are all queued at submission; an {@code imap}'s work stays open
 * while its {@link InputFeeder} reads the input and adds units, and {@link #close()} waits for it as for a unit
 * outstanding.
 *
 * <p>A worker is given a second unit before it answers the first only while units of that work run in under
 * {@link #FAST_UNIT_NANOS} (as the worker measures them, so a busy machine's scheduling delays do not count): that
 * hides the round trip of tiny tasks, and a slow unit never holds another back by more than that.
 */
public final class PoolEngine {

    /** Units that come back faster than this may be queued two deep at a worker. */
    static final long FAST_UNIT_NANOS = 1_000_000L;

    private static final System.Logger LOG = System.getLogger(PoolEngine.class.getName());
    private static final int MAX_START_FAILURES = 3;
    private static final Duration EXIT_CODE_WAIT = Duration.ofSeconds(2);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final AtomicInteger WORKER_NUMBERS = new AtomicInteger();
    private static final AtomicInteger POOL_NUMBERS = new AtomicInteger();
    private static final Codec CODEC = Codec.standard();
    private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    private enum State { RUNNING, CLOSING, STOPPED, TERMINATED }

    private final int processes;
    private final Task initializer;
    private final int maxTasks;
    private final String[] jvmOptions;
    /**
     * The loader of the code that created the pool: the functions it will send are found there, so workers started
     * by a launcher's own class loader (mvn exec:java) get its entries on their class path.
     */
    private final ClassLoader callerLoader;
    private final String poolName = "mproc-pool-" + POOL_NUMBERS.incrementAndGet();
    private final Path socketPath;
    private final ServerSocketChannel server;
    /** Whether the JVM is shutting down, when no worker may start. */
    private final BooleanSupplier exiting;
    /** Set once, before any worker starts. */
    private AcceptLoop acceptLoop;
    private final AtomicLong ids = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Peers that authenticated but are no worker of ours: one line per interval, however many. */
    private final RateLimitedLog strangers = RateLimitedLog.of(LOG, LOG_INTERVAL);

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when no unit is outstanding, or the state changes. */
    private final Condition quiet = lock.newCondition();
    /** Signalled when a worker decided on has started, or failed to. */
    private final Condition launched = lock.newCondition();
    /** Ids of the workers decided on whose JVMs are being started, outside the lock; guarded by lock. */
    private final Set<Integer> launching = new HashSet<>();
    /** Guarded by lock. */
    private final ArrayDeque<Unit> pending = new ArrayDeque<>();
    /** Works still taking units (imaps reading their input), told when the pool closes; guarded by lock. */
    private final List<Work> openWorks = new ArrayList<>();
    /** Live workers, starting or ready, by id; guarded by lock. */
    private final Map<Integer, WorkerLink> links = new LinkedHashMap<>();
    /** Guarded by lock. */
    private int nextWorkerId;
    /** Units submitted whose result has not been delivered; guarded by lock. */
    private int outstanding;
    /** Guarded by lock. */
    private State state = State.RUNNING;
    /** Guarded by lock. */
    private boolean shutdownStarted;
    /** Why no work can run any more (the initializer failed, workers cannot start); guarded by lock. */
    private Throwable broken;
    /** Workers in a row that died before they were ready; guarded by lock. */
    private int startFailures;

    private PoolEngine(final int processes, final Task initializer, final int maxTasks, final List<String> jvmOptions,
                       final BooleanSupplier exiting) throws IOException {
        this.exiting = exiting;
        this.processes = processes;
        this.initializer = initializer;
        this.maxTasks = maxTasks;
        this.jvmOptions = jvmOptions.toArray(new String[0]);
        this.callerLoader = callerLoader();
        this.socketPath = RuntimeDirectory.newSocketPath("pool");
        try {
            this.server = Endpoints.bind(UnixDomainSocketAddress.of(socketPath));
        } catch (final IOException e) {
            RuntimeDirectory.files().release(socketPath);
            throw e;
        }
    }

    /** The loader of the first class on the stack outside the pool's own, if a child could be given its classes. */
    private static ClassLoader callerLoader() {
        final ClassLoader caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
            .walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass)
                .filter(type -> !type.getName().startsWith("dev.mproc.Pool")
                    && !type.getName().startsWith(PoolEngine.class.getPackageName() + "."))
                .findFirst().map(Class::getClassLoader).orElse(null));
        return ChildClassPath.reachable(caller) ? caller : null;
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
        try {
            engine.acceptLoop = AcceptLoop.on(engine.server, ProcessContext.authkey(), "pool " + engine.poolName)
                .threadNames(engine.poolName + "-reader").start(engine::serve);
        } catch (final IOException e) {
            RuntimeDirectory.files().release(engine.socketPath);
            throw e;
        }
        final Actions actions = engine.new Actions();
        engine.lock.lock();
        try {
            for (int i = 0; i < processes; i++) {
                engine.spawn(actions);
            }
        } finally {
            engine.lock.unlock();
        }
        final IOException failure = actions.launchAll();
        if (failure != null) {
            engine.shutdown(true);
            throw failure;
        }
        return engine;
    }

    /** @return the socket its workers connect back to */
    Path socketPath() {
        return socketPath;
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
        final Actions actions = new Actions();
        lock.lock();
        try {
            checkRunning();
            for (int u = 0; u < chunks.size(); u++) {
                pending.addLast(new Unit(ids.incrementAndGet(), work, u, firstItems[u], chunks.get(u)));
            }
            outstanding += chunks.size();
            pump(actions);
        } finally {
            lock.unlock();
        }
        actions.run();
        if (chunks.isEmpty()) {
            sink.noUnits();
        }
    }

    /** Under the lock. */
    private void checkRunning() {
        if (state != State.RUNNING) {
            throw new IllegalStateException("the pool is " + (state == State.TERMINATED ? "terminated" : "closed")
                + "; it takes no more work");
        }
    }

    // ---------------------------------------------------------------------------------------- dispatching

    /** Hands pending units to ready workers with room; fails them all when the pool is broken. Under the lock. */
    private void pump(final Actions actions) {
        if (broken != null) {
            Unit unit;
            while ((unit = pending.pollFirst()) != null) {
                unitOver(unit, actions);
                actions.fail(unit, broken);
            }
            return;
        }
        if (state == State.TERMINATED) {
            return;
        }
        for (final WorkerLink link : links.values()) {
            if (link.state != WorkerLink.State.READY) {
                continue;
            }
            while (true) {
                Unit next = pending.peekFirst();
                while (next != null && next.work.sink.isDone()) {
                    pending.pollFirst();
                    unitOver(next, actions);
                    actions.skipped++;
                    next = pending.peekFirst();
                }
                if (next == null) {
                    return;
                }
                final int depth = next.work.fast ? 2 : 1;
                if (link.inFlight.size() >= depth || (maxTasks > 0 && link.assigned >= maxTasks)) {
                    break;
                }
                pending.pollFirst();
                assign(link, next, actions);
            }
        }
    }

    private void assign(final WorkerLink link, final Unit unit, final Actions actions) {
        link.inFlight.addLast(unit);
        link.assigned++;
        final boolean withFunction = !link.knownWork.contains(unit.work.id);
        if (withFunction && unit.work.keep) {
            link.knownWork.add(unit.work.id);
        }
        link.queueRun(unit, withFunction);
        actions.flush(link);
    }

    /** A unit will not run (again); when it was its work's last, workers drop the work's function. Under the lock. */
    private void unitOver(final Unit unit, final Actions actions) {
        if (--unit.work.unitsLeft == 0 && !unit.work.open) {
            forget(unit.work, actions);
        }
    }

    /** Tells the workers that hold the function of a work that is over to drop it. Under the lock. */
    private void forget(final Work work, final Actions actions) {
        if (!work.keep) {
            return;
        }
        for (final WorkerLink link : links.values()) {
            if (link.knownWork.remove(work.id)) {
                link.queue(PoolProtocol.FORGET, work.id);
                actions.flush(link);
            }
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
            checkRunning();
            openWorks.add(work);
            outstanding++;
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
        final Actions actions = new Actions();
        lock.lock();
        try {
            if (state == State.TERMINATED) {
                return false;
            }
            pending.addLast(new Unit(ids.incrementAndGet(), work, ordinal, firstItem, items));
            work.unitsLeft++;
            outstanding++;
            pump(actions);
        } finally {
            lock.unlock();
        }
        actions.run();
        return true;
    }

    /** An open work takes no more units: its input ended, failed, or is no longer wanted. Idempotent. */
    void endWork(final Work work) {
        final Actions actions = new Actions();
        lock.lock();
        try {
            if (!work.open) {
                return;
            }
            work.open = false;
            openWorks.remove(work);
            if (work.unitsLeft == 0) {
                forget(work, actions);
            }
        } finally {
            lock.unlock();
        }
        actions.run();
        finished(1);
    }

    /** @return whether close() or terminate() has begun: open works then read their input to its end, or stop */
    boolean isClosing() {
        lock.lock();
        try {
            return state != State.RUNNING;
        } finally {
            lock.unlock();
        }
    }

    /** @return whether the pool was terminated: open works stop reading */
    boolean isTerminated() {
        lock.lock();
        try {
            return state == State.TERMINATED;
        } finally {
            lock.unlock();
        }
    }

    /** @return what to tell the open works about a change of state; under the lock, to run after it */
    private List<Runnable> openWorkListeners() {
        final List<Runnable> listeners = new ArrayList<>(openWorks.size());
        openWorks.forEach(work -> listeners.add(work.onPoolChange));
        return listeners;
    }

    // ------------------------------------------------------------------------------------------- workers

    /** Decides to start a worker: {@link Actions#launchAll()} starts its JVM after the lock. Under the lock. */
    private void spawn(final Actions actions) {
        final int id = ++nextWorkerId;
        launching.add(id);
        actions.launch(id);
    }

    /**
     * Starts the JVM of a worker decided on, outside the lock (a fork takes long enough to stall every submit and
     * result), then makes it known. What must happen after, under the lock, is added to {@code after}.
     *
     * @return why it could not start, or null
     */
    private IOException launch(final int id, final Actions after) {
        final String name = "PoolWorker-" + WORKER_NUMBERS.incrementAndGet();
        Process process = null;
        IOException failure = null;
        if (!exiting.getAsBoolean()) {
            try {
                process = Process.builder().name(name).daemon(true).jvmOptions(jvmOptions).classLoader(callerLoader)
                    .start(new WorkerLoop(socketPath.toString(), id, initializer, maxTasks));
            } catch (final IOException e) {
                failure = e;
            } catch (final RuntimeException | OutOfMemoryError e) {
                failure = new IOException("cannot start a pool worker: " + e, e);
            }
        }
        final WorkerLink link;
        lock.lock();
        try {
            launching.remove(id);
            launched.signalAll();
            quiet.signalAll();
            if (process == null) {
                if (failure != null && broken == null) {
                    broken = new IOException("cannot start a pool worker: " + failure.getMessage(), failure);
                }
                pump(after);
                return failure;
            }
            link = new WorkerLink(id, name, process);
            links.put(id, link);
        } finally {
            lock.unlock();
        }
        final Optional<ProcessHandle> handle = ProcessHandle.of(process.pid());
        final CompletableFuture<?> exit = handle.isPresent() ? handle.get().onExit()
            : CompletableFuture.completedFuture(null);
        exit.thenRunAsync(() -> exitedBeforeReady(link), ForkJoinPool.commonPool());
        return null;
    }

    /** @return whether a worker is still starting (its JVM, or its initializer); under the lock */
    private boolean starting() {
        return !launching.isEmpty()
            || links.values().stream().anyMatch(link -> link.state == WorkerLink.State.STARTING);
    }

    private boolean replaceable() {
        return broken == null && !shutdownStarted && (state == State.RUNNING || outstanding > 0)
            && !exiting.getAsBoolean();
    }

    /** A worker's process ended; only one that never said hello is handled here (its reader sees the rest). */
    private void exitedBeforeReady(final WorkerLink link) {
        final Actions actions = new Actions();
        lock.lock();
        try {
            if (link.state != WorkerLink.State.STARTING) {
                return;
            }
            lose(link, actions);
        } finally {
            lock.unlock();
        }
        actions.run();
    }

    /** The reader of a ready worker saw its channel end. */
    private void workerGone(final WorkerLink link) {
        try {
            if (!link.process.join(EXIT_CODE_WAIT)) {
                // Its channel is gone but it lives on (it broke the protocol, or hangs in its exit): it is of no use.
                link.process.kill();
                link.process.join(EXIT_CODE_WAIT);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        final Actions actions = new Actions();
        lock.lock();
        try {
            if (link.state == WorkerLink.State.GONE) {
                return;
            }
            lose(link, actions);
        } finally {
            lock.unlock();
        }
        actions.run();
    }

    /** Forgets a worker, fails the unit it was running, requeues those behind it, replaces it. Under the lock. */
    private void lose(final WorkerLink link, final Actions actions) {
        final boolean wasReady = link.state == WorkerLink.State.READY;
        link.state = WorkerLink.State.GONE;
        links.remove(link.id);
        quiet.signalAll();
        final Unit running = link.inFlight.pollFirst();
        for (final Iterator<Unit> behind = link.inFlight.descendingIterator(); behind.hasNext(); ) {
            pending.addFirst(behind.next());
        }
        link.inFlight.clear();
        if (running != null) {
            final WorkerLostException lost = new WorkerLostException(link.name, link.process.pid(),
                link.process.exitCode());
            LOG.log(System.Logger.Level.WARNING, lost.getMessage() + "; starting a replacement");
            unitOver(running, actions);
            actions.fail(running, lost);
        } else {
            LOG.log(System.Logger.Level.DEBUG, "pool worker {0} ended ({1})", link, link.process.exitCode());
        }
        if (!wasReady && !shutdownStarted && ++startFailures >= MAX_START_FAILURES && broken == null) {
            broken = new IOException("pool workers cannot start: " + link + " ended with exit code "
                + (link.process.exitCode().isPresent() ? link.process.exitCode().getAsInt() : "unknown")
                + " before it was ready (" + startFailures + " in a row); its own message is on standard error");
        }
        if (replaceable()) {
            spawn(actions);
        }
        pump(actions);
    }

    /**
     * The reader thread of one authenticated connection: hello, then results until the channel ends. A message too
     * short for its type ends the connection with one line in the log.
     */
    private void serve(final FrameChannel channel) {
        WorkerLink link = null;
        try {
            link = hello(channel, channel.receive());
            if (link == null) {
                channel.close();
                return;
            }
            while (true) {
                result(link, channel.receive());
            }
        } catch (final BufferUnderflowException | StreamCorruptedException e) {
            channel.close();
            final String why = e instanceof BufferUnderflowException ? "a message too short for its type"
                : e.getMessage();
            if (link == null) {
                strangers.log(System.Logger.Level.INFO, "pool " + poolName + " dropped " + channel.peer()
                    + ", which broke the protocol: " + why);
            } else {
                LOG.log(System.Logger.Level.ERROR, "pool " + poolName + " dropped worker " + link
                    + ", which broke the protocol: " + why);
                workerGone(link);
            }
        } catch (final IOException | RuntimeException e) {
            channel.close();
            if (link != null) {
                if (e instanceof RuntimeException) {
                    LOG.log(System.Logger.Level.ERROR, "pool worker " + link + " broke the protocol", e);
                }
                workerGone(link);
            }
        }
    }

    private boolean isStarting(final int workerId) {
        lock.lock();
        try {
            final WorkerLink link = links.get(workerId);
            return link != null && link.state == WorkerLink.State.STARTING && !shutdownStarted;
        } finally {
            lock.unlock();
        }
    }

    private WorkerLink hello(final FrameChannel channel, final byte[] message) throws IOException {
        final int workerId = PoolProtocol.helloWorkerId(message);
        if (!isStarting(workerId)) {
            return null;
        }
        // Decoded only now: a connection that is not a worker this pool is starting gets nothing deserialized.
        final ByteBuffer in = ByteBuffer.wrap(message, PoolProtocol.HELLO_HEADER_LENGTH,
            message.length - PoolProtocol.HELLO_HEADER_LENGTH);
        final Throwable initFailure = in.hasRemaining() ? Failures.read(message, in, CODEC) : null;
        final Actions actions = new Actions();
        final WorkerLink link;
        lock.lock();
        try {
            // A worker may say hello before the thread that started its JVM has made it known.
            while (launching.contains(workerId)) {
                launched.awaitUninterruptibly();
            }
            link = links.get(workerId);
            if (link == null || link.state != WorkerLink.State.STARTING || shutdownStarted) {
                return null;
            }
            link.attach(channel);
            link.state = WorkerLink.State.READY;
            quiet.signalAll();
            if (initFailure != null) {
                if (broken == null) {
                    broken = new IllegalStateException("the pool's initializer failed in " + link + ": "
                        + initFailure, initFailure);
                }
            } else {
                startFailures = 0;
            }
            pump(actions);
        } finally {
            lock.unlock();
        }
        actions.run();
        return link;
    }

    private void result(final WorkerLink link, final byte[] message) throws IOException {
        final ByteBuffer in = ByteBuffer.wrap(message);
        if (in.get() != PoolProtocol.RESULT) {
            throw new StreamCorruptedException("unexpected message type " + message[0] + " from " + link);
        }
        final long unitId = in.getLong();
        final boolean ok = in.get() == PoolProtocol.OK;
        final long runNanos = in.getLong();
        final Actions actions = new Actions();
        final Unit unit;
        lock.lock();
        try {
            unit = link.inFlight.peekFirst();
            if (unit == null || unit.id != unitId) {
                throw new StreamCorruptedException(link + " answered unit " + unitId + ", which it was not running");
            }
            link.inFlight.pollFirst();
            unit.work.fast = runNanos < FAST_UNIT_NANOS;
            unitOver(unit, actions);
            pump(actions);
        } finally {
            lock.unlock();
        }
        actions.flushAll();
        deliver(link, unit, message, in, ok);
        actions.failAll(1);
    }

    private static void deliver(final WorkerLink link, final Unit unit, final byte[] message, final ByteBuffer in,
                                final boolean ok) {
        try {
            if (ok) {
                final Object[] values = new Object[in.getInt()];
                for (int i = 0; i < values.length; i++) {
                    final int length = in.getInt();
                    values[i] = CODEC.decode(message, in.position(), length);
                    in.position(in.position() + length);
                }
                unit.work.sink.accept(unit, values);
            } else {
                unit.work.sink.fail(unit, Failures.read(message, in, CODEC));
            }
        } catch (final IOException | RuntimeException e) {
            unit.work.sink.fail(unit, new IOException("cannot decode the result of a pool task from " + link + ": "
                + e.getMessage(), e));
        }
    }

    /** Units are over: the last one lets {@link #close()} go on. */
    private void finished(final int units) {
        if (units == 0) {
            return;
        }
        lock.lock();
        try {
            outstanding -= units;
            if (outstanding == 0) {
                quiet.signalAll();
            }
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
        boolean interrupted = false;
        List<Runnable> listeners = List.of();
        lock.lock();
        try {
            if (state == State.RUNNING) {
                state = State.CLOSING;
                listeners = openWorkListeners();
            }
        } finally {
            lock.unlock();
        }
        // An imap still reading its input reads on without its window now: close() waits for that input's end.
        listeners.forEach(Runnable::run);
        lock.lock();
        try {
            // As Python's close() and join(): workers still starting start (their initializer runs), then stop.
            while ((outstanding > 0 || starting()) && state == State.CLOSING) {
                try {
                    quiet.await();
                } catch (final InterruptedException e) {
                    interrupted = true;
                    break;
                }
            }
        } finally {
            lock.unlock();
        }
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
        lock.lock();
        try {
            if (state == State.RUNNING) {
                throw new IllegalStateException("close() or terminate() the pool before joining it");
            }
        } finally {
            lock.unlock();
        }
        return stopped.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void shutdown(final boolean now) {
        final Actions actions = new Actions();
        final List<WorkerLink> workers;
        final List<Boolean> ready = new ArrayList<>();
        final boolean first;
        List<Runnable> listeners = List.of();
        lock.lock();
        try {
            if (now && state != State.TERMINATED) {
                state = State.TERMINATED;
                listeners = openWorkListeners();
                final CancellationException cancelled = new CancellationException("the pool was terminated");
                Unit unit;
                while ((unit = pending.pollFirst()) != null) {
                    actions.fail(unit, cancelled);
                }
                for (final WorkerLink link : links.values()) {
                    while ((unit = link.inFlight.pollFirst()) != null) {
                        actions.fail(unit, cancelled);
                    }
                }
            } else if (state != State.TERMINATED) {
                state = State.STOPPED;
            }
            first = !shutdownStarted;
            shutdownStarted = true;
            // A JVM being started is a worker too: wait until it is known, to stop it with the rest.
            while (!launching.isEmpty()) {
                launched.awaitUninterruptibly();
            }
            workers = new ArrayList<>(links.values());
            workers.forEach(link -> ready.add(link.state == WorkerLink.State.READY));
            if (first && !now) {
                for (final WorkerLink link : workers) {
                    if (link.state == WorkerLink.State.READY) {
                        link.queue(PoolProtocol.STOP, 0);
                        actions.flush(link);
                    }
                }
            }
            quiet.signalAll();
        } finally {
            lock.unlock();
        }
        actions.run();
        listeners.forEach(Runnable::run);
        if (now) {
            workers.forEach(link -> link.process.terminate());
        }
        if (!first) {
            awaitStoppedUninterruptibly();
            return;
        }
        acceptLoop.close();
        RuntimeDirectory.files().release(socketPath);
        boolean interrupted = false;
        for (int i = 0; i < workers.size(); i++) {
            final WorkerLink link = workers.get(i);
            // A ready worker was told to stop and finishes by itself; one still starting has nothing to finish.
            if (!now && !interrupted && ready.get(i)) {
                try {
                    link.process.join(STOP_GRACE);
                } catch (final InterruptedException e) {
                    interrupted = true;
                }
            }
            link.process.close();
            final FrameChannel channel = link.channel();
            if (channel != null) {
                channel.close();
            }
        }
        stopped.countDown();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitStoppedUninterruptibly() {
        boolean interrupted = false;
        while (true) {
            try {
                stopped.await();
                break;
            } catch (final InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "<Pool " + poolName + " state=" + state.name().toLowerCase(java.util.Locale.ROOT) + " pool_size="
                + processes + " workers=" + links.values() + " pending=" + pending.size() + ">";
        } finally {
            lock.unlock();
        }
    }

    /**
     * What a thread must do after it releases the lock: send what it queued, deliver failures, count units over,
     * start the worker JVMs decided on.
     */
    private final class Actions {
        private final List<WorkerLink> toFlush = new ArrayList<>(2);
        private List<Integer> toLaunch;
        private List<Unit> failed;
        private List<Throwable> causes;
        int skipped;

        void flush(final WorkerLink link) {
            if (!toFlush.contains(link)) {
                toFlush.add(link);
            }
        }

        void fail(final Unit unit, final Throwable cause) {
            if (failed == null) {
                failed = new ArrayList<>();
                causes = new ArrayList<>();
            }
            failed.add(unit);
            causes.add(cause);
        }

        void launch(final int workerId) {
            if (toLaunch == null) {
                toLaunch = new ArrayList<>(1);
            }
            toLaunch.add(workerId);
        }

        void run() {
            flushAll();
            failAll(0);
            launchAll();
        }

        /**
         * Starts the workers decided on; what follows from that runs once they all are known, so that nothing it
         * calls (a callback that terminates the pool) waits for a start this thread has yet to make.
         *
         * @return why the first that failed could not start, or null
         */
        IOException launchAll() {
            if (toLaunch == null) {
                return null;
            }
            final Actions after = new Actions();
            IOException first = null;
            for (final int workerId : toLaunch) {
                final IOException failure = PoolEngine.this.launch(workerId, after);
                if (first == null) {
                    first = failure;
                }
            }
            toLaunch = null;
            after.run();
            return first;
        }

        void flushAll() {
            for (final WorkerLink link : toFlush) {
                link.flush();
            }
        }

        /** Delivers the failures, then counts them, the skipped units and {@code delivered} more as over. */
        void failAll(final int delivered) {
            int over = delivered + skipped;
            if (failed != null) {
                for (int i = 0; i < failed.size(); i++) {
                    try {
                        failed.get(i).work.sink.fail(failed.get(i), causes.get(i));
                    } catch (final RuntimeException e) {
                        LOG.log(System.Logger.Level.ERROR, "delivering a pool failure failed", e);
                    }
                }
                over += failed.size();
            }
            finished(over);
        }
    }
}
