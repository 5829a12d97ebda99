package dev.mproc.bench;

import dev.mproc.Pool;
import dev.mproc.SerializableFunction;
import dev.mproc.cluster.Cluster;
import java.util.List;
import java.util.concurrent.ConcurrentMap;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The same work as {@link PoolBenchmark}'s {@code map} and {@link ManagerBenchmark}'s dict round trips, on a
 * {@link Cluster} of 2 and of 3 Hazelcast member JVMs started on this machine's loopback, this JVM a client:
 * {@code map} of {@code x -> x * x} with chunk size 1 and with the default chunking through {@link Cluster#pool()},
 * and {@code put}/{@code get} of {@code Integer}s on {@link Cluster#dict(String)} (an {@code IMap} with one
 * synchronous backup) over the same 1,024 keys as the Manager's.
 *
 * <p>Every figure is per task or per call (tasks or round trips a second), so it compares with the local pool's and
 * the Manager's although the item counts differ: a unit with chunk size 1 costs about a millisecond on the cluster,
 * so that {@code map} takes {@value #CHUNKSIZE_1_ITEMS} items (about a second an invocation) instead of
 * {@link PoolBenchmark#ITEMS}, which would make one invocation last 10 s; the default-chunk {@code map} takes
 * {@link PoolBenchmark#ITEMS}, as locally (4 chunks per member instead of 4 per worker). A member's executor has
 * Hazelcast's 16 threads; the tasks are too small for that to matter beside the round trip of a unit.
 *
 * <p>The cluster starts once per trial (2 members in about 5 s, 3 in 5 to 15 s on 2 cores) and stops at its end, so
 * each of the 8 trials costs a fork, a cluster start, {@value #WARM_UP_SECONDS} s of its operation at set-up (the
 * JVMs warm up slowly when they share few cores) and its iterations: short ones (1 warm-up, 2 measured of 2 s),
 * which the figures allow because every invocation is already a thousand round trips or more.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 2, time = 2)
@Fork(1)
public class ClusterBenchmark {

    /** Items per {@code map} call with chunk size 1: about a second of round trips to the members. */
    public static final int CHUNKSIZE_1_ITEMS = 1_000;

    /** Seconds each trial runs its operation at set-up, before JMH's warm-up iterations. */
    public static final int WARM_UP_SECONDS = 4;

    private static final SerializableFunction<Integer, Integer> SQUARE = x -> x * x;

    /** Member JVMs in the cluster. */
    @Param({"2", "3"})
    public int members;

    private Cluster cluster;
    private Pool pool;
    private ConcurrentMap<Integer, Integer> dict;
    private final List<Integer> fewItems = IntStream.range(0, CHUNKSIZE_1_ITEMS).boxed().collect(Collectors.toList());
    private final List<Integer> items = IntStream.range(0, PoolBenchmark.ITEMS).boxed().collect(Collectors.toList());

    /** Per-thread state: each thread keys its own entries, as in {@link ManagerBenchmark}. */
    @State(Scope.Thread)
    public static class Key {
        int next;
    }

    /**
     * Starts the members and connects to them; one task makes sure the pool reaches a member, and one put the map's
     * partitions: the cluster assigns them on the first call to any map, which took a second or two and was counted
     * in the warm-up of {@code dictPut} when it was left to the first iteration. Then runs the trial's operation for
     * {@link #WARM_UP_SECONDS} seconds.
     *
     * @param params the trial's benchmark, whose operation warms up
     * @throws Exception when the cluster cannot form
     */
    @Setup(Level.Trial)
    public void start(final BenchmarkParams params) throws Exception {
        cluster = Cluster.builder().members(members).start();
        pool = cluster.pool();
        pool.apply(() -> 0);
        dict = cluster.dict("bench");
        // A key outside the measured ones, so that dictGet finds none of its keys, as ManagerBenchmark's mapGet.
        dict.put(-1, -1);
        dict.remove(-1);
        warmUp(params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1));
    }

    /**
     * A client and 2 or 3 members on 2 cores were still speeding up from one measured iteration to the next after the
     * one warm-up iteration of the report's quick mode (dict puts 0.9 k, then 2.5 k a second): this is the warm-up
     * that such a mode leaves out, whatever its options.
     */
    private void warmUp(final String operation) throws Exception {
        final Key key = new Key();
        final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARM_UP_SECONDS);
        while (System.nanoTime() - end < 0) {
            switch (operation) {
                case "mapChunksize1" -> mapChunksize1();
                case "mapDefaultChunks" -> mapDefaultChunks();
                case "dictPut" -> dictPut(key);
                case "dictGet" -> dictGet(key);
                default -> throw new IllegalArgumentException("no warm-up for " + operation);
            }
        }
        dict.clear();
    }

    /** Stops the pool and the members. */
    @TearDown(Level.Trial)
    public void stop() {
        try {
            pool.close();
        } finally {
            cluster.close();
        }
    }

    /**
     * @return the results
     * @throws Exception when the map fails
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(CHUNKSIZE_1_ITEMS)
    public List<Integer> mapChunksize1() throws Exception {
        return pool.map(SQUARE, fewItems, 1);
    }

    /**
     * @return the results
     * @throws Exception when the map fails
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(PoolBenchmark.ITEMS)
    public List<Integer> mapDefaultChunks() throws Exception {
        return pool.map(SQUARE, items);
    }

    /**
     * @param key this thread's key counter
     * @return the previous value
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Integer dictPut(final Key key) {
        final int k = key.next++ & 1023;
        return dict.put(k, k);
    }

    /**
     * @param key this thread's key counter
     * @return the value
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Integer dictGet(final Key key) {
        return dict.get(key.next++ & 1023);
    }
}
