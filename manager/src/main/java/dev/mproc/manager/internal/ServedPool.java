package dev.mproc.manager.internal;

import dev.mproc.AsyncResult;
import dev.mproc.Job;
import dev.mproc.Pool;
import dev.mproc.SerializableBiFunction;
import dev.mproc.SerializableFunction;
import dev.mproc.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * The server's side of a manager's pool: a core {@link Pool} in the server process. It guards itself (the core pool
 * is thread-safe); every waiting call waits in slices, so a caller that dies abandons its wait. {@code close()}
 * returns at once, as Python's does, and {@code join()} waits for the close to finish.
 */
final class ServedPool implements PoolOps, Disposable {

    private final Pool pool;
    /** Set once by {@link #close()}: the thread that closes the core pool (which waits for the work). */
    private Thread closer;
    private boolean terminated;

    ServedPool(final int processes, final Task initializer, final int maxTasksPerChild) {
        final Pool.Builder builder = Pool.builder().processes(processes);
        if (initializer != null) {
            builder.initializer(initializer);
        }
        if (maxTasksPerChild > 0) {
            builder.maxTasksPerChild(maxTasksPerChild);
        }
        try {
            pool = builder.create();
        } catch (final IOException e) {
            throw new UncheckedIOException("the manager cannot start its pool: " + e.getMessage(), e);
        }
    }

    @Override
    public int processes() {
        return pool.processes();
    }

    @Override
    public Object apply(final Job<?> job) throws ExecutionException {
        return CallContext.awaitFuture(pool.applyAsync(job));
    }

    @Override
    public List<Object> map(final SerializableFunction<Object, Object> function, final List<Object> items,
                            final int chunksize) throws ExecutionException {
        final AsyncResult<List<Object>> result = chunksize > 0 ? pool.mapAsync(function, items, chunksize)
            : pool.mapAsync(function, items);
        return CallContext.awaitFuture(result);
    }

    @Override
    public List<Object> starmap(final SerializableBiFunction<Object, Object, Object> function,
                                final List<Object[]> pairs) throws ExecutionException {
        final List<Map.Entry<Object, Object>> entries = new ArrayList<>(pairs.size());
        for (final Object[] pair : pairs) {
            entries.add(new AbstractMap.SimpleImmutableEntry<>(pair[0], pair[1]));
        }
        return CallContext.awaitFuture(pool.starmapAsync(function, entries));
    }

    @Override
    public synchronized void close() {
        if (closer == null && !terminated) {
            closer = new Thread(pool::close, "mproc-manager-pool-close");
            closer.setDaemon(true);
            closer.start();
        }
    }

    @Override
    public void terminate() {
        synchronized (this) {
            terminated = true;
        }
        pool.terminate();
    }

    @Override
    public void join() {
        final Thread closing;
        synchronized (this) {
            if (closer == null && !terminated) {
                throw new IllegalStateException("join() needs the pool closed or terminated first, as in Python");
            }
            closing = closer;
        }
        if (closing != null) {
            CallContext.awaitThread(closing);
        }
    }

    @Override
    public void dispose() {
        pool.terminate();
    }

    @Override
    public String toString() {
        return "Pool(" + pool + ")";
    }
}
