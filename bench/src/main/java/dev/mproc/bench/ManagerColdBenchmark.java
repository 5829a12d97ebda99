package dev.mproc.bench;

import dev.mproc.manager.Manager;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
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
 * The first {@value #OPERATIONS} dict round trips of a fresh client in a fresh JVM to a {@link Manager} it has just
 * started: what a short program sees, JIT warm-up included, beside the warmed-up figures of {@link ManagerBenchmark}.
 * No warm-up iteration, one measured invocation per fork: the score is the mean over forks, per round trip. Each
 * benchmark method has its own forks, so {@code firstGets} is as cold as {@code firstPuts} (its keys are absent).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1, batchSize = 1)
@Fork(3)
public class ManagerColdBenchmark {

    /** Round trips timed per fork. */
    public static final int OPERATIONS = 10_000;

    private Manager manager;
    private ConcurrentMap<Integer, Integer> map;

    /**
     * Starts the manager and makes the dict: not timed.
     *
     * @throws Exception when the manager cannot start
     */
    @Setup(Level.Trial)
    public void start() throws Exception {
        manager = Manager.start();
        map = manager.dict();
    }

    /** Stops the manager. */
    @TearDown(Level.Trial)
    public void stop() {
        manager.close();
    }

    /** @return a checksum of the previous values, so that nothing is optimized away */
    @Benchmark
    @OperationsPerInvocation(OPERATIONS)
    public long firstPuts() {
        long sum = 0;
        for (int i = 0; i < OPERATIONS; i++) {
            final Integer previous = map.put(i & 1023, i);
            sum += previous == null ? 0 : previous;
        }
        return sum;
    }

    /** @return how many keys were found */
    @Benchmark
    @OperationsPerInvocation(OPERATIONS)
    public long firstGets() {
        long found = 0;
        for (int i = 0; i < OPERATIONS; i++) {
            found += map.get(i & 1023) == null ? 0 : 1;
        }
        return found;
    }
}
