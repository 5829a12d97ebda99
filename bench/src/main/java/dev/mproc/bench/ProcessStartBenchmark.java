package dev.mproc.bench;

import dev.mproc.Process;
import dev.mproc.internal.SpareJvms;
import dev.mproc.pipe.Connection;
import dev.mproc.pipe.Pipe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
 * Start and join of a trivial child {@link Process}, beside the baseline of a plain {@link ProcessBuilder} start of a
 * JVM that runs an empty main with the same class path (the floor a JVM child cannot go under without help). The
 * child starts three ways: back to back, as a loop of short children does (each takes the spare the one before left
 * booting); with a spare ready and idle (Python's {@code forkserver} with its server up); and with spares off, a cold
 * JVM every time. The first message a child sends through a {@link Pipe}, with a spare ready, is how soon a child's
 * work is under way.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class ProcessStartBenchmark {

    /**
     * @return the exit code of a child running an empty task
     * @throws Exception when the child cannot start
     */
    @Benchmark
    public int mprocProcessStartJoin() throws Exception {
        try (Process child = Process.start(() -> { })) {
            child.join();
            return child.exitCode().getAsInt();
        }
    }

    /**
     * @param ready a spare JVM booted and idle
     * @return the exit code of a child running an empty task in a spare that was ready
     * @throws Exception when the child cannot start
     */
    @Benchmark
    public int mprocProcessStartJoinSpareReady(final SpareReady ready) throws Exception {
        return mprocProcessStartJoin();
    }

    /**
     * @param off spares turned off
     * @return the exit code of a child running an empty task in a JVM started for it
     * @throws Exception when the child cannot start
     */
    @Benchmark
    public int mprocProcessStartJoinNoSpare(final SparesOff off) throws Exception {
        return mprocProcessStartJoin();
    }

    /**
     * @param ready a spare JVM booted and idle
     * @return the child's first message, received through a pipe
     * @throws Exception when the child cannot start
     */
    @Benchmark
    public Object mprocFirstMessageThroughPipeSpareReady(final SpareReady ready) throws Exception {
        try (Pipe pipe = Pipe.open(false)) {
            final Connection writer = pipe.right();
            try (Process child = Process.start(() -> writer.send("started"))) {
                final Object first = pipe.left().recv();
                child.join();
                return first;
            }
        }
    }

    /** Spares off for the whole trial, and none left from before. */
    @State(Scope.Benchmark)
    public static class SparesOff {

        /** Turns spares off. */
        @Setup(Level.Trial)
        public void off() {
            System.setProperty(SpareJvms.PROPERTY, "0");
            SpareJvms.discardAll();
        }

        /** Turns them on again. */
        @TearDown(Level.Trial)
        public void on() {
            System.clearProperty(SpareJvms.PROPERTY);
        }
    }

    /**
     * Before each start, off the clock: a spare of the children's shape has booted and is idle, waiting on its
     * standard input (its CPU time has stopped growing). The first child of the trial makes the shape known.
     */
    @State(Scope.Benchmark)
    public static class SpareReady {

        private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

        /** Runs a first child, whose success gives the shape its spare. */
        @Setup(Level.Trial)
        public void shape() throws Exception {
            try (Process first = Process.start(() -> { })) {
                first.join();
            }
        }

        /** Waits until a spare is idle. */
        @Setup(Level.Invocation)
        public void awaitIdleSpare() throws InterruptedException {
            Duration cpu = Duration.ZERO;
            long stableSince = System.nanoTime();
            while (true) {
                final Duration now = SpareJvms.pids().stream().findFirst().flatMap(ProcessHandle::of)
                    .flatMap(spare -> spare.info().totalCpuDuration()).orElse(null);
                if (now == null || !now.equals(cpu)) {
                    cpu = now == null ? Duration.ZERO : now;
                    stableSince = System.nanoTime();
                } else if (System.nanoTime() - stableSince > IDLE_NANOS) {
                    return;
                }
                Thread.sleep(5);
            }
        }
    }

    /**
     * @return the exit code of a bare JVM running an empty main
     * @throws Exception when the JVM cannot start
     */
    @Benchmark
    public int baselineBareJvmStartJoin() throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), EmptyMain.class.getName())
            .inheritIO().start().waitFor();
    }
}
