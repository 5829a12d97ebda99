package dev.mproc.internal.pool;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a thread must do after it releases the pool's lock: send what it queued to workers, deliver failures, count
 * units over, start the worker JVMs decided on. Filled under the lock (by the {@link Dispatcher}, whose orders it
 * takes, and by the {@link Supervisor}), carried out after it by the same thread; never shared between threads.
 */
final class Actions implements Dispatcher.Orders<WorkerLink> {

    private static final System.Logger LOG = System.getLogger(PoolEngine.class.getName());

    private final Supervisor supervisor;
    private final Lifecycle lifecycle;
    private final List<WorkerLink> toFlush = new ArrayList<>(2);
    private List<Integer> toLaunch;
    private List<Unit> failed;
    private List<Throwable> causes;
    private int skipped;

    /**
     * @param supervisor starts the worker JVMs decided on
     * @param lifecycle  counts the units over
     */
    Actions(final Supervisor supervisor, final Lifecycle lifecycle) {
        this.supervisor = supervisor;
        this.lifecycle = lifecycle;
    }

    /** Under the lock: queues a unit to a worker (in the order of assignment), sent after the lock. */
    @Override
    public void send(final WorkerLink worker, final Unit unit, final boolean withFunction) {
        worker.queueRun(unit, withFunction);
        flush(worker);
    }

    /** Under the lock: queues a FORGET to a worker, sent after the lock. */
    @Override
    public void forget(final WorkerLink worker, final long workId) {
        worker.queue(PoolProtocol.FORGET, workId);
        flush(worker);
    }

    @Override
    public void fail(final Unit unit, final Throwable cause) {
        if (failed == null) {
            failed = new ArrayList<>();
            causes = new ArrayList<>();
        }
        failed.add(unit);
        causes.add(cause);
    }

    @Override
    public void skip(final Unit unit) {
        skipped++;
    }

    /** Under the lock: queues a STOP to a worker, sent after the lock. */
    void stop(final WorkerLink worker) {
        worker.queue(PoolProtocol.STOP, 0);
        flush(worker);
    }

    /** Under the lock: a worker decided on ({@link Supervisor#spawn}) is to be started after the lock. */
    void launch(final int workerId) {
        if (toLaunch == null) {
            toLaunch = new ArrayList<>(1);
        }
        toLaunch.add(workerId);
    }

    private void flush(final WorkerLink link) {
        if (!toFlush.contains(link)) {
            toFlush.add(link);
        }
    }

    /** After the lock: all of it, in order. */
    void run() {
        flushAll();
        failAll(0);
        launchAll();
    }

    /**
     * Starts the workers decided on; what follows from that runs once they all are known, so that nothing it calls
     * (a callback that terminates the pool) waits for a start this thread has yet to make.
     *
     * @return why the first that failed could not start, or null
     */
    IOException launchAll() {
        if (toLaunch == null) {
            return null;
        }
        final Actions after = supervisor.actions();
        IOException first = null;
        for (final int workerId : toLaunch) {
            final IOException failure = supervisor.launch(workerId, after);
            if (first == null) {
                first = failure;
            }
        }
        toLaunch = null;
        after.run();
        return first;
    }

    /** Sends what was queued to the workers. */
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
        lifecycle.finished(over);
    }
}
