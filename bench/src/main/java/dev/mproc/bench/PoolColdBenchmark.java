package dev.mproc.bench;

import dev.mproc.Pool;
import dev.mproc.SerializableFunction;
import dev.mproc.shm.Barrier;
import java.util.List;
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
 * The first {@code map} of a fresh {@link Pool} in a fresh JVM: what a short program sees, JIT warm-up included, beside
 * the warmed-up figure of {@link PoolBenchmark}. Each fork starts a pool of {@value PoolBenchmark#WORKERS} workers,
 * waits until every worker has taken a task (so that the pool's start is not counted: {@link PoolBenchmark} measures
 * it), then times one {@code map} of {@value PoolBenchmark#ITEMS} tiny tasks with chunk size 1. No warm-up iteration,
 * one measured invocation per fork: the score is the mean over forks, per task.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1, batchSize = 1)
@Fork(3)
public class PoolColdBenchmark {

    private static final SerializableFunction<Integer, Integer> SQUARE = x -> x * x;

    private final List<Integer> items = IntStream.range(0, PoolBenchmark.ITEMS).boxed().collect(Collectors.toList());
    private Pool pool;

    /**
     * Starts the pool and waits until every worker has run one task.
     *
     * @throws Exception when the pool cannot start
     */
    @Setup(Level.Trial)
    public void start() throws Exception {
        pool = Pool.create(PoolBenchmark.WORKERS);
        // A barrier of one party per worker passes only when every worker holds one of these tasks at once.
        try (Barrier everyWorker = Barrier.create(PoolBenchmark.WORKERS)) {
            final Barrier barrier = everyWorker;
            pool.map(i -> barrier.await(), IntStream.range(0, PoolBenchmark.WORKERS).boxed()
                .collect(Collectors.toList()), 1);
        }
    }

    /** Closes the pool. */
    @TearDown(Level.Trial)
    public void stop() {
        pool.close();
    }

    /**
     * @return the results
     * @throws Exception when the map fails
     */
    @Benchmark
    @OperationsPerInvocation(PoolBenchmark.ITEMS)
    public List<Integer> firstMapChunksize1() throws Exception {
        return pool.map(SQUARE, items, 1);
    }
}
