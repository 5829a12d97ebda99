package dev.mproc.bench;

import dev.mproc.Pool;
import dev.mproc.SerializableFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Pool} against its in-process ceiling, a {@code java.util.concurrent} thread pool of the same size running the
 * same tasks: tiny tasks ({@code x -> x * x}) through {@code map} with chunk size 1 and with the default chunking
 * (tasks per second), the round trip of one {@code applyAsync}, and a pool's start until its first result.
 * {@code bench/src/main/python/pool_map.py} measures Python's {@code multiprocessing.Pool} on the same sizes.
 */
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class PoolBenchmark {

    /** Items per {@code map} call. */
    public static final int ITEMS = 10_000;
    /** Workers and threads: the two of the machine the figures were taken on. */
    public static final int WORKERS = 2;

    private static final SerializableFunction<Integer, Integer> SQUARE = x -> x * x;

    /** A running pool and thread pool, and the items. */
    @State(Scope.Benchmark)
    public static class Pools {
        Pool pool;
        ExecutorService threads;
        final List<Integer> items = IntStream.range(0, ITEMS).boxed().collect(Collectors.toList());

        /** @throws Exception when the pool cannot start */
        @Setup(Level.Trial)
        public void start() throws Exception {
            pool = Pool.create(WORKERS);
            pool.apply(() -> 0);
            threads = Executors.newFixedThreadPool(WORKERS);
        }

        /** Stops both. */
        @TearDown(Level.Trial)
        public void stop() {
            pool.close();
            threads.shutdownNow();
        }
    }

    /**
     * @param pools the pools
     * @return the results
     * @throws Exception when the map fails
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(ITEMS)
    public List<Integer> mapChunksize1(final Pools pools) throws Exception {
        return pools.pool.map(SQUARE, pools.items, 1);
    }

    /**
     * @param pools the pools
     * @return the results
     * @throws Exception when the map fails
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(ITEMS)
    public List<Integer> mapDefaultChunks(final Pools pools) throws Exception {
        return pools.pool.map(SQUARE, pools.items);
    }

    /**
     * @param pools the pools
     * @return the results
     * @throws Exception when a task fails
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(ITEMS)
    public List<Integer> baselineThreadPoolChunksize1(final Pools pools) throws Exception {
        final List<Future<Integer>> futures = new ArrayList<>(ITEMS);
        for (final Integer item : pools.items) {
            futures.add(pools.threads.submit(() -> SQUARE.apply(item)));
        }
        final List<Integer> results = new ArrayList<>(ITEMS);
        for (final Future<Integer> future : futures) {
            results.add(future.get());
        }
        return results;
    }

    /**
     * @param pools the pools
     * @return the results
     * @throws Exception when a task fails
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(ITEMS)
    public List<Integer> baselineThreadPoolDefaultChunks(final Pools pools) throws Exception {
        final int chunk = (ITEMS + WORKERS * 4 - 1) / (WORKERS * 4);
        final List<Callable<List<Integer>>> chunks = new ArrayList<>();
        for (int from = 0; from < ITEMS; from += chunk) {
            final List<Integer> slice = pools.items.subList(from, Math.min(ITEMS, from + chunk));
            chunks.add(() -> {
                final List<Integer> out = new ArrayList<>(slice.size());
                for (final Integer item : slice) {
                    out.add(SQUARE.apply(item));
                }
                return out;
            });
        }
        final List<Integer> results = new ArrayList<>(ITEMS);
        for (final Future<List<Integer>> future : pools.threads.invokeAll(chunks)) {
            results.addAll(future.get());
        }
        return results;
    }

    /**
     * @param pools the pools
     * @return the result
     * @throws Exception when the task fails
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Integer applyAsyncRoundTrip(final Pools pools) throws Exception {
        return pools.pool.applyAsync(() -> 42).get();
    }

    /**
     * @param pools the pools
     * @return the result
     * @throws Exception when the task fails
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Integer baselineThreadPoolSubmitRoundTrip(final Pools pools) throws Exception {
        return pools.threads.submit(() -> 42).get();
    }

    /** A pool started by the measured operation, closed outside the measurement. */
    @State(Scope.Thread)
    public static class Started {
        Pool pool;
        ExecutorService threads;

        /** Closes what the operation started. */
        @TearDown(Level.Invocation)
        public void stop() {
            if (pool != null) {
                pool.close();
                pool = null;
            }
            if (threads != null) {
                threads.shutdownNow();
                threads = null;
            }
        }
    }

    /**
     * @param started where the pool goes
     * @return the first result
     * @throws Exception when the pool cannot start
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2, batchSize = 1)
    @Measurement(iterations = 8, batchSize = 1)
    public Integer startUntilFirstResult(final Started started) throws Exception {
        started.pool = Pool.create(WORKERS);
        return started.pool.apply(() -> 42);
    }

    /**
     * @param started where the thread pool goes
     * @return the first result
     * @throws Exception when the task fails
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2, batchSize = 1)
    @Measurement(iterations = 8, batchSize = 1)
    public Integer baselineThreadPoolStartUntilFirstResult(final Started started) throws Exception {
        started.threads = Executors.newFixedThreadPool(WORKERS);
        return started.threads.submit(() -> 42).get();
    }
}
