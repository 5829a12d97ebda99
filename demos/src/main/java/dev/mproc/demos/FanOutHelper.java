package dev.mproc.demos;

import dev.mproc.Pool;
import dev.mproc.Process;
import dev.mproc.SerializableFunction;
import dev.mproc.cluster.Cluster;
import dev.mproc.manager.Manager;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.Lock;

/**
 * The article's {@code MulProcessHelper}: collect (function, parameters, result key) entries, run each in its own
 * process, in batches, and gather every result under its key in a map shared through a {@link Manager} and guarded by
 * a lock; or run each as a task on a {@link Cluster}'s members, with the cluster's map and lock.
 *
 * <p>It is here to teach the pattern and its cost; {@link FanOut} shows the better way in this toolkit, a pool that
 * returns results.
 *
 * <p><b>Thread safety:</b> not thread-safe; one thread adds calls and runs them.
 */
public final class FanOutHelper {

    private final List<Call<?, ?>> calls = new ArrayList<>();
    private final int batchSize;

    /**
     * @param batchSize how many processes run at once (the article uses 20)
     */
    public FanOutHelper(final int batchSize) {
        this.batchSize = batchSize;
    }

    /**
     * Adds one call.
     *
     * @param function what to run, in a child process
     * @param params   its argument
     * @param key      where its result goes in the returned map
     * @param <P>      the parameter type
     * @param <R>      the result type
     * @return this helper
     */
    public <P extends Serializable, R> FanOutHelper add(final SerializableFunction<P, R> function, final P params,
                                                        final String key) {
        calls.add(new Call<>(function, params, key));
        return this;
    }

    /** @return the calls added so far */
    public List<Call<?, ?>> calls() {
        return List.copyOf(calls);
    }

    /**
     * Runs every call in its own process, a batch at a time, and returns the results grouped by key.
     *
     * @return results by key, each list in completion order
     * @throws IOException          when a process or the manager cannot start
     * @throws InterruptedException when interrupted while joining
     */
    public Map<String, List<Object>> runAll() throws IOException, InterruptedException {
        try (Manager manager = Manager.start()) {
            final ConcurrentMap<String, List<Object>> shared = manager.dict();
            final Lock lock = manager.lock();
            for (int start = 0; start < calls.size(); start += batchSize) {
                final List<Process> batch = new ArrayList<>();
                for (final Call<?, ?> call : calls.subList(start, Math.min(calls.size(), start + batchSize))) {
                    batch.add(Process.start(() -> file(call.run(), call.key(), shared, lock)));
                }
                for (final Process child : batch) {
                    child.join();
                    if (child.exitCode().orElse(-1) != 0) {
                        throw new IllegalStateException(child + " failed; its error is on standard error");
                    }
                }
            }
            return new TreeMap<>(shared);
        }
    }

    /**
     * Runs every call as a task on the members of a cluster, and returns the results grouped by key: the same
     * pattern, with a task per call instead of a process, and the cluster's dict and lock instead of a Manager's.
     *
     * @param cluster the cluster whose members run the calls
     * @return results by key, each list in completion order
     * @throws ExecutionException   when a call fails (its exception is the cause)
     * @throws InterruptedException when interrupted while waiting
     */
    public Map<String, List<Object>> runAllOn(final Cluster cluster) throws ExecutionException, InterruptedException {
        final String name = "fan-out-" + UUID.randomUUID();
        try (Pool pool = cluster.pool()) {
            pool.map(call -> {
                final Cluster here = Cluster.current();
                file(call.run(), call.key(), here.dict(name), here.lock(name));
                return null;
            }, calls, 1);
        }
        final ConcurrentMap<String, List<Object>> shared = cluster.dict(name);
        final Map<String, List<Object>> results = new TreeMap<>(shared);
        shared.clear();
        return results;
    }

    /**
     * The better way: runs the calls on a pool whose tasks return their results, and groups them by key here, with no
     * shared map and no lock.
     *
     * @param pool the pool (local, or a cluster's)
     * @return results by key, each list in the order the calls were added
     * @throws ExecutionException   when a call fails (its exception is the cause)
     * @throws InterruptedException when interrupted while waiting
     */
    public Map<String, List<Object>> mapOn(final Pool pool) throws ExecutionException, InterruptedException {
        final List<Object> results = pool.map(Call::run, calls, 1);
        final Map<String, List<Object>> grouped = new TreeMap<>();
        for (int i = 0; i < results.size(); i++) {
            grouped.computeIfAbsent(calls.get(i).key(), key -> new ArrayList<>()).add(results.get(i));
        }
        return grouped;
    }

    /**
     * Appends a result to the list under its key. Reading a value of a shared dict (a Manager's or a cluster's)
     * gives a copy: appending to it changes nothing where the dict lives. So read, copy, append and write back, under
     * the lock, or two processes lose one result between them.
     */
    private static void file(final Object result, final String key, final ConcurrentMap<String, List<Object>> shared,
                             final Lock lock) {
        lock.lock();
        try {
            final List<Object> values = new ArrayList<>(shared.getOrDefault(key, List.of()));
            values.add(result);
            shared.put(key, values);
        } finally {
            lock.unlock();
        }
    }

    /**
     * One entry: a function, its parameters, and the key its result is filed under.
     *
     * @param function the function
     * @param params   its argument
     * @param key      the result key
     * @param <P>      the parameter type
     * @param <R>      the result type
     */
    public record Call<P extends Serializable, R>(SerializableFunction<P, R> function, P params, String key)
        implements Serializable {

        /**
         * @return the function's result for the parameters
         * @throws Exception what the function throws
         */
        public Object run() throws Exception {
            return function.apply(params);
        }
    }
}
