package dev.mproc.bench;

import dev.mproc.Process;
import dev.mproc.queue.Queue;
import dev.mproc.queue.SimpleQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

/**
 * Throughput of {@link Queue} and {@link SimpleQueue}: 1, 2 or 4 producer processes stream {@code byte[]} items of 64 B
 * or 4 KiB into one consumer, this JMH process, which owns the queue (as in Python's usual set-up, where the parent
 * creates the queue and gets). One operation is one item got.
 *
 * <p>Each invocation asks every producer (over a small control queue) for its share of {@value #BATCH} items and takes
 * them all, so the queue never grows beyond one batch. The baseline is Python's {@code multiprocessing.Queue} doing
 * the same with the same items: {@code python3 bench/src/main/python/queue_throughput.py}, run in the same session.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class QueueBenchmark {

    /** Items taken per invocation, shared evenly by the producers. */
    public static final int BATCH = 20_000;

    /** How many producer processes. */
    @Param({"1", "2", "4"})
    public int producers;

    /** Bytes per item. */
    @Param({"64", "4096"})
    public int itemSize;

    private Queue<Integer> go;
    private Queue<byte[]> queue;
    private SimpleQueue<byte[]> simpleQueue;
    private final List<Process> children = new ArrayList<>();

    /**
     * Creates the queues and starts the producers.
     *
     * @throws Exception when a child cannot start
     */
    @Setup(Level.Trial)
    public void start() throws Exception {
        go = Queue.create();
        queue = Queue.create();
        simpleQueue = SimpleQueue.create();
        final Queue<Integer> control = go;
        final Queue<byte[]> data = queue;
        final SimpleQueue<byte[]> simpleData = simpleQueue;
        final int size = itemSize;
        for (int p = 0; p < producers; p++) {
            children.add(Process.start(() -> {
                final byte[] item = new byte[size];
                while (true) {
                    final int n = control.get();
                    if (n == 0) {
                        return;
                    }
                    for (int i = 0; i < Math.abs(n); i++) {
                        if (n > 0) {
                            data.put(item);
                        } else {
                            simpleData.put(item);
                        }
                    }
                }
            }));
        }
    }

    /**
     * Stops the producers and closes the queues.
     *
     * @throws Exception when a child does not end
     */
    @TearDown(Level.Trial)
    public void stop() throws Exception {
        for (int p = 0; p < producers; p++) {
            go.put(0);
        }
        for (final Process child : children) {
            child.join();
            child.close();
        }
        children.clear();
        queue.close();
        simpleQueue.close();
        go.close();
    }

    /**
     * @return the last item got
     * @throws InterruptedException never in practice
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public byte[] queue() throws InterruptedException {
        for (int p = 0; p < producers; p++) {
            go.put(BATCH / producers);
        }
        byte[] last = null;
        for (int i = 0; i < BATCH / producers * producers; i++) {
            last = queue.take();
        }
        return last;
    }

    /**
     * @return the last item got
     * @throws InterruptedException never in practice
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public byte[] simpleQueue() throws InterruptedException {
        for (int p = 0; p < producers; p++) {
            go.put(-(BATCH / producers));
        }
        byte[] last = null;
        for (int i = 0; i < BATCH / producers * producers; i++) {
            last = simpleQueue.get();
        }
        return last;
    }
}
