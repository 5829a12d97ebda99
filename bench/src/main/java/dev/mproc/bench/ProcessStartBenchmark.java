package dev.mproc.bench;

import dev.mproc.Process;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Start and join of a trivial child {@link Process}, beside the baseline of a plain {@link ProcessBuilder} start of a
 * JVM that runs an empty main with the same class path (the floor a JVM child cannot go under without help).
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
