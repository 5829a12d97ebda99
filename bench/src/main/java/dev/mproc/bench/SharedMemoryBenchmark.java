package dev.mproc.bench;

import dev.mproc.Process;
import dev.mproc.shm.ByteArray;
import dev.mproc.shm.Event;
import dev.mproc.shm.Lock;
import dev.mproc.shm.LongValue;
import dev.mproc.shm.RawArray;
import dev.mproc.shm.Value;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Shared memory, each figure beside its baseline: increments of one value contended by a child process (atomic add,
 * and read-add-write under the cross-process {@link Lock}; Python's {@code Value} with {@code get_lock()} is measured
 * by {@code bench/src/main/python/value_increment.py}), uncontended lock/unlock against
 * {@link ReentrantLock}, bulk copy into a shared array against a plain direct {@link ByteBuffer} copy (the ceiling),
 * and the wake-up latency of a parked waiter in another process against that of a spinning one.
 *
 * <p>The contended increments are reported per process as both processes' increments halved (the growth of the
 * shared value over the iteration, in the secondary result {@code perProcess}), as Python's figure is the mean of its
 * two workers' rates. The parent's own rate alone does not reproduce: the lock is not fair, and which process gets it
 * more often settles differently in each JVM (from 1 M to 9 M per second for the parent alone), while the two
 * together vary much less. They also run three forks.
 */
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SharedMemoryBenchmark {

    private static final int BULK_BYTES = 1 << 20;

    /** A value, its lock, and a child process doing the same increments until the trial ends. */
    @State(Scope.Benchmark)
    public static class Contended {
        LongValue value;
        Lock lock;
        Event stop;
        Process child;

        /** @param locked whether the child increments under the lock */
        void start(final boolean locked) throws Exception {
            value = Value.ofLong(0);
            lock = value.getLock();
            stop = Event.create();
            final LongValue v = value;
            final Event s = stop;
            child = Process.start(() -> {
                final Lock l = v.getLock();
                while (!s.isSet()) {
                    for (int i = 0; i < 1000; i++) {
                        if (locked) {
                            l.lock();
                            try {
                                v.set(v.get() + 1);
                            } finally {
                                l.unlock();
                            }
                        } else {
                            v.incrementAndGet();
                        }
                    }
                }
            });
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            stop.set();
            child.join();
            child.close();
            stop.close();
            value.close();
        }
    }

    /**
     * Both processes' increments over an iteration, halved: JMH divides it by the iteration's time. Each invocation
     * stores the value's growth since the iteration began, so the last one leaves the iteration's total.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class BothProcesses {
        private long atStart = -1;
        /** The iteration's increments by both processes, halved. */
        public double perProcess;

        @Setup(Level.Iteration)
        public void reset() {
            atStart = -1;
            perProcess = 0;
        }

        void observe(final long value) {
            if (atStart < 0) {
                atStart = value - 1;
            }
            perProcess = (value - atStart) / 2.0;
        }
    }

    /** Contended by a child doing atomic adds. */
    @State(Scope.Benchmark)
    public static class ContendedAtomic extends Contended {
        @Setup(Level.Trial)
        public void setUp() throws Exception {
            start(false);
        }
    }

    /** Contended by a child doing locked increments. */
    @State(Scope.Benchmark)
    public static class ContendedLocked extends Contended {
        @Setup(Level.Trial)
        public void setUp() throws Exception {
            start(true);
        }
    }

    /** An uncontended cross-process lock and a ReentrantLock. */
    @State(Scope.Benchmark)
    public static class Uncontended {
        Lock lock;
        final ReentrantLock reentrantLock = new ReentrantLock();

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            lock = Lock.create();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            lock.close();
        }
    }

    /** A shared byte array and a direct buffer of the same size, and the bytes to copy. */
    @State(Scope.Benchmark)
    public static class Bulk {
        final byte[] source = new byte[BULK_BYTES];
        ByteArray shared;
        ByteBuffer direct;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            shared = RawArray.newBytes(BULK_BYTES);
            direct = ByteBuffer.allocateDirect(BULK_BYTES);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            shared.close();
        }
    }

    /** Ping-pong with a child through two events; the parked variant lets the child fall asleep first. */
    @State(Scope.Benchmark)
    public static class PingPong {
        Event ping;
        Event pong;
        Event stop;
        Process child;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            ping = Event.create();
            pong = Event.create();
            stop = Event.create();
            final Event pi = ping;
            final Event po = pong;
            final Event st = stop;
            child = Process.start(() -> {
                while (!st.isSet()) {
                    if (pi.await(java.time.Duration.ofMillis(100))) {
                        pi.clear();
                        po.set();
                    }
                }
            });
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            stop.set();
            child.join();
            child.close();
            ping.close();
            pong.close();
            stop.close();
        }

        void roundTrip() throws InterruptedException {
            ping.set();
            pong.await();
            pong.clear();
        }
    }

    /** The parked variant: before each invocation, 3 ms without a ping so the child is in its longest naps. */
    @State(Scope.Benchmark)
    public static class ParkedPingPong extends PingPong {
        @Setup(Level.Invocation)
        public void letTheChildFallAsleep() throws InterruptedException {
            Thread.sleep(3);
        }
    }

    /**
     * @param state the value, contended by a child doing atomic adds
     * @param counted both processes' increments
     * @return the new value
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Fork(3)
    public long contendedAtomicIncrement(final ContendedAtomic state, final BothProcesses counted) {
        final long next = state.value.incrementAndGet();
        counted.observe(next);
        return next;
    }

    /**
     * @param state the value, contended by a child doing locked increments
     * @param counted both processes' increments
     * @return the new value
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Fork(3)
    public long contendedLockedIncrement(final ContendedLocked state, final BothProcesses counted) {
        final long next;
        state.lock.lock();
        try {
            next = state.value.get() + 1;
            state.value.set(next);
        } finally {
            state.lock.unlock();
        }
        counted.observe(next);
        return next;
    }

    /**
     * @param state the locks
     * @return whether it was held
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public boolean uncontendedLockUnlock(final Uncontended state) {
        state.lock.lock();
        final boolean held = state.lock.isHeldByCurrentThread();
        state.lock.unlock();
        return held;
    }

    /**
     * @param state the locks
     * @return whether it was held
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public boolean baselineReentrantLockUnlock(final Uncontended state) {
        state.reentrantLock.lock();
        final boolean held = state.reentrantLock.isHeldByCurrentThread();
        state.reentrantLock.unlock();
        return held;
    }

    /**
     * @param state the buffers
     * @return the array
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public ByteArray bulkCopyIntoSharedArray(final Bulk state) {
        state.shared.copyFrom(state.source);
        return state.shared;
    }

    /**
     * @param state the buffers
     * @return the buffer
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public ByteBuffer baselineBulkCopyIntoDirectBuffer(final Bulk state) {
        return state.direct.put(0, state.source);
    }

    /**
     * @param state the ping-pong with a child that fell asleep
     * @throws InterruptedException never in practice
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void wakeUpParkedWaiter(final ParkedPingPong state) throws InterruptedException {
        state.roundTrip();
    }

    /**
     * @param state the ping-pong with a child that is still spinning
     * @throws InterruptedException never in practice
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void baselineRoundTripSpinningWaiter(final PingPong state) throws InterruptedException {
        state.roundTrip();
    }
}
