package dev.mproc.internal.pool;

import dev.mproc.Process;
import dev.mproc.Task;
import dev.mproc.WorkerLostException;
import dev.mproc.internal.ChildClassPath;
import dev.mproc.internal.wire.FrameChannel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The pool's workers as processes: it starts them (at the pool's start, and in place of one lost or retired), takes
 * their hello, notices that one is gone, and ends them when the pool shuts down.
 *
 * <p>A worker JVM takes long enough to start to stall every submit and result, so a start is decided under the pool's
 * lock ({@link #spawn}: the worker's id is then {@code launching}) and made after it ({@link #launch}, called by
 * {@link Actions#launchAll()}); a hello or a shutdown that finds the worker still launching waits for it on
 * {@code launched}. No worker starts once the JVM is shutting down.
 *
 * <p>A worker is gone when its reader sees its channel end ({@link #lost}: the worker crashed, broke the protocol, or
 * retired after {@code maxTasks} units, which it counts itself) or, before its hello, when its process ends. It is
 * forgotten and its replacement decided in one step under the lock; the unit it was running fails with a
 * {@link WorkerLostException} ({@link Dispatcher#lose}). No replacement starts once the pool is broken, shutting down,
 * or closed with nothing owed. Three workers in a row that end before they are ready break the pool, as an
 * initializer that fails does: the work then fails with that reason instead of workers restarting forever.
 *
 * <p>Locking: the worker table ({@code links}), {@code launching}, {@code nextWorkerId}, {@code startFailures} and
 * each {@link WorkerLink#state} are guarded by the pool's lock; methods say whether they expect it held ("under the
 * lock") or take it. A JVM is started, waited for and ended without it.
 */
final class Supervisor {

    private static final System.Logger LOG = System.getLogger(PoolEngine.class.getName());
    private static final int MAX_START_FAILURES = 3;
    private static final Duration EXIT_CODE_WAIT = Duration.ofSeconds(2);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final AtomicInteger WORKER_NUMBERS = new AtomicInteger();

    private final ReentrantLock lock;
    /** Signalled when a worker decided on has started, or failed to. */
    private final Condition launched;
    private final Lifecycle lifecycle;
    private final Dispatcher<WorkerLink> dispatcher;
    private final String socketPath;
    private final Task initializer;
    private final int maxTasks;
    private final String[] jvmOptions;
    /**
     * The loader of the code that created the pool: the functions it will send are found there, so workers started
     * by a launcher's own class loader (mvn exec:java) get its entries on their class path.
     */
    private final ClassLoader callerLoader;
    /** Whether the JVM is shutting down, when no worker may start. */
    private final BooleanSupplier exiting;
    /** Ids of the workers decided on whose JVMs are being started, outside the lock; guarded by lock. */
    private final Set<Integer> launching = new HashSet<>();
    /** Live workers, starting or ready, by id; guarded by lock. */
    private final Map<Integer, WorkerLink> links = new LinkedHashMap<>();
    /** Guarded by lock. */
    private int nextWorkerId;
    /** Workers in a row that died before they were ready; guarded by lock. */
    private int startFailures;

    /**
     * @param lock         the pool's lock
     * @param lifecycle    the pool's state, which says whether workers are wanted
     * @param dispatcher   the pool's dispatch, told of workers added, ready and lost
     * @param socketPath   the socket the workers connect back to
     * @param initializer  run once in each worker before its first task, or {@code null}
     * @param maxTasks     units a worker runs before it retires, 0 for no limit
     * @param jvmOptions   extra JVM options of the workers
     * @param callerLoader the loader of the code that created the pool, or null
     * @param exiting      whether the JVM is shutting down
     */
    Supervisor(final ReentrantLock lock, final Lifecycle lifecycle, final Dispatcher<WorkerLink> dispatcher,
               final Path socketPath, final Task initializer, final int maxTasks, final List<String> jvmOptions,
               final ClassLoader callerLoader, final BooleanSupplier exiting) {
        this.lock = lock;
        this.launched = lock.newCondition();
        this.lifecycle = lifecycle;
        this.dispatcher = dispatcher;
        this.socketPath = socketPath.toString();
        this.initializer = initializer;
        this.maxTasks = maxTasks;
        this.jvmOptions = jvmOptions.toArray(new String[0]);
        this.callerLoader = callerLoader;
        this.exiting = exiting;
    }

    /** The loader of the first class on the stack outside the pool's own, if a child could be given its classes. */
    static ClassLoader callerLoader() {
        final ClassLoader caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
            .walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass)
                .filter(type -> !type.getName().startsWith("dev.mproc.Pool")
                    && !type.getName().startsWith(Supervisor.class.getPackageName() + "."))
                .findFirst().map(Class::getClassLoader).orElse(null));
        return ChildClassPath.reachable(caller) ? caller : null;
    }

    /** @return an empty list of what to do after the lock */
    Actions actions() {
        return new Actions(this, lifecycle);
    }

    /**
     * Takes the lock. Starts the pool's workers, in parallel: the pool runs work as soon as the first is ready.
     *
     * @param processes how many
     * @return why the first that failed could not start, or null
     */
    IOException startWorkers(final int processes) {
        final Actions actions = actions();
        lock.lock();
        try {
            for (int i = 0; i < processes; i++) {
                spawn(actions);
            }
        } finally {
            lock.unlock();
        }
        return actions.launchAll();
    }

    /** Under the lock: decides to start a worker; {@link Actions#launchAll()} starts its JVM after the lock. */
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
    IOException launch(final int id, final Actions after) {
        final String name = "PoolWorker-" + WORKER_NUMBERS.incrementAndGet();
        Process process = null;
        IOException failure = null;
        if (!exiting.getAsBoolean()) {
            try {
                process = Process.builder().name(name).daemon(true).jvmOptions(jvmOptions).classLoader(callerLoader)
                    .start(new WorkerLoop(socketPath, id, initializer, maxTasks));
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
            lifecycle.changed();
            if (process == null) {
                if (failure != null) {
                    dispatcher.breakWith(new IOException("cannot start a pool worker: " + failure.getMessage(),
                        failure));
                }
                dispatcher.pump(after);
                return failure;
            }
            link = new WorkerLink(id, name, process);
            links.put(id, link);
            dispatcher.add(link);
        } finally {
            lock.unlock();
        }
        final Optional<ProcessHandle> handle = ProcessHandle.of(process.pid());
        final CompletableFuture<?> exit = handle.isPresent() ? handle.get().onExit()
            : CompletableFuture.completedFuture(null);
        exit.thenRunAsync(() -> exitedBeforeReady(link), ForkJoinPool.commonPool());
        return null;
    }

    /**
     * Takes the lock.
     *
     * @return whether the pool is starting a worker of this id and waits for its hello
     */
    boolean expects(final int workerId) {
        lock.lock();
        try {
            final WorkerLink link = links.get(workerId);
            return link != null && link.state == WorkerLink.State.STARTING && !lifecycle.shutdownStarted();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the lock. A worker said hello: it is ready, and given work. An initializer that failed breaks the pool.
     *
     * @param workerId    the id it was started with
     * @param channel     its connection
     * @param initFailure why its initializer failed, or null
     * @return the worker; null when it is no worker the pool waits for
     */
    WorkerLink ready(final int workerId, final FrameChannel channel, final Throwable initFailure) {
        final Actions actions = actions();
        final WorkerLink link;
        lock.lock();
        try {
            // A worker may say hello before the thread that started its JVM has made it known.
            while (launching.contains(workerId)) {
                launched.awaitUninterruptibly();
            }
            link = links.get(workerId);
            if (link == null || link.state != WorkerLink.State.STARTING || lifecycle.shutdownStarted()) {
                return null;
            }
            link.attach(channel);
            link.state = WorkerLink.State.READY;
            dispatcher.ready(link);
            lifecycle.changed();
            if (initFailure != null) {
                if (dispatcher.broken() == null) {
                    dispatcher.breakWith(new IllegalStateException("the pool's initializer failed in " + link + ": "
                        + initFailure, initFailure));
                }
            } else {
                startFailures = 0;
            }
            dispatcher.pump(actions);
        } finally {
            lock.unlock();
        }
        actions.run();
        return link;
    }

    /** @return under the lock: whether a worker is still starting (its JVM, or its initializer) */
    boolean starting() {
        return !launching.isEmpty()
            || links.values().stream().anyMatch(link -> link.state == WorkerLink.State.STARTING);
    }

    /** @return under the lock: whether a worker lost is to be replaced */
    private boolean replaceable() {
        return dispatcher.broken() == null && !lifecycle.shutdownStarted() && lifecycle.needsWorkers()
            && !exiting.getAsBoolean();
    }

    /** A worker's process ended; only one that never said hello is handled here (its reader sees the rest). */
    private void exitedBeforeReady(final WorkerLink link) {
        final Actions actions = actions();
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

    /**
     * The reader of a ready worker saw its channel end. Waits for its exit code first (killing a worker that lives on
     * without its channel), so that the failure of the unit it was running can name it; takes the lock after.
     */
    void lost(final WorkerLink link) {
        try {
            if (!link.process.join(EXIT_CODE_WAIT)) {
                // Its channel is gone but it lives on (it broke the protocol, or hangs in its exit): it is of no use.
                link.process.kill();
                link.process.join(EXIT_CODE_WAIT);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        final Actions actions = actions();
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

    /** Under the lock: forgets a worker, fails the unit it was running, requeues those behind it, replaces it. */
    private void lose(final WorkerLink link, final Actions actions) {
        final boolean wasReady = link.state == WorkerLink.State.READY;
        link.state = WorkerLink.State.GONE;
        links.remove(link.id);
        lifecycle.changed();
        final Unit running = dispatcher.lose(link);
        if (running != null) {
            final WorkerLostException lost = new WorkerLostException(link.name, link.process.pid(),
                link.process.exitCode());
            LOG.log(System.Logger.Level.WARNING, lost.getMessage() + "; starting a replacement");
            dispatcher.fail(running, lost, actions);
        } else {
            LOG.log(System.Logger.Level.DEBUG, "pool worker {0} ended ({1})", link, link.process.exitCode());
        }
        if (!wasReady && !lifecycle.shutdownStarted() && ++startFailures >= MAX_START_FAILURES
            && dispatcher.broken() == null) {
            dispatcher.breakWith(new IOException("pool workers cannot start: " + link + " ended with exit code "
                + (link.process.exitCode().isPresent() ? link.process.exitCode().getAsInt() : "unknown")
                + " before it was ready (" + startFailures + " in a row); its own message is on standard error"));
        }
        if (replaceable()) {
            spawn(actions);
        }
        dispatcher.pump(actions);
    }

    /**
     * Under the lock, as the pool shuts down: waits until no JVM is being started (such a one is a worker too, to be
     * stopped with the rest), and takes the workers as they are now.
     *
     * @param tellReady whether the ready workers are told to stop (they then finish by themselves)
     * @param actions   where the STOP messages go
     * @return the workers, to be ended after the lock
     */
    Stopping stop(final boolean tellReady, final Actions actions) {
        while (!launching.isEmpty()) {
            launched.awaitUninterruptibly();
        }
        final Stopping stopping = new Stopping(links.values());
        if (tellReady) {
            for (final WorkerLink link : links.values()) {
                if (link.state == WorkerLink.State.READY) {
                    actions.stop(link);
                }
            }
        }
        return stopping;
    }

    /** @return under the lock: the live workers, for a description */
    String describe() {
        return links.values().toString();
    }

    /** The workers of a pool shutting down, as they were when it began; ended outside the lock. */
    static final class Stopping {
        private final List<WorkerLink> workers;
        /** Whether each was ready (it was told to stop, and finishes by itself) or still starting. */
        private final boolean[] ready;

        private Stopping(final Collection<WorkerLink> links) {
            this.workers = new ArrayList<>(links);
            this.ready = new boolean[workers.size()];
            for (int i = 0; i < ready.length; i++) {
                ready[i] = workers.get(i).state == WorkerLink.State.READY;
            }
        }

        /** Terminates their processes now. */
        void terminate() {
            workers.forEach(link -> link.process.terminate());
        }

        /**
         * Ends them: a ready one was told to stop and is given a grace to finish by itself (unless {@code now}, or
         * once interrupted); one still starting has nothing to finish. Then its process and channel are closed.
         *
         * @param now whether the pool was terminated
         * @return whether the wait was interrupted
         */
        boolean end(final boolean now) {
            boolean interrupted = false;
            for (int i = 0; i < workers.size(); i++) {
                final WorkerLink link = workers.get(i);
                if (!now && !interrupted && ready[i]) {
                    try {
                        link.process.join(STOP_GRACE);
                    } catch (final InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (!ready[i]) {
                    // Nothing to finish; and a JVM still initializing may print its own error on SIGTERM (JDK 25).
                    link.process.kill();
                }
                link.process.close();
                final FrameChannel channel = link.channel();
                if (channel != null) {
                    channel.close();
                }
            }
            return interrupted;
        }
    }
}
