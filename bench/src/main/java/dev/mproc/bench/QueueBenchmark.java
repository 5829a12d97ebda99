package dev.mproc.bench;

import dev.mproc.Process;
import dev.mproc.pipe.Connection;
import dev.mproc.pipe.Connections;
import dev.mproc.pipe.Pipe;
import dev.mproc.queue.Queue;
import dev.mproc.queue.SimpleQueue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.threads.Pauser;
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
 * Throughput of {@link Queue} and {@link SimpleQueue} beside two baselines carrying the same items in the same run:
 * mproc {@link Pipe}s and Chronicle Queue. 1, 2 or 4 producer processes stream {@code byte[]} items of 64 B or 4 KiB
 * into one consumer, this JMH process (as in Python's usual set-up, where the parent creates the queue and gets). One
 * operation is one item received.
 *
 * <p>Each invocation asks every producer (over a small control {@link Queue} of its own) for its share of
 * {@value #BATCH} items and receives them all, so nothing grows beyond one batch. Every benchmark method has its own
 * producers, started once per trial:
 * <ul>
 *   <li>{@code queue()}, {@code simpleQueue()}: all producers put into one queue owned by this process.</li>
 *   <li>{@code pipe()}: a one-way pipe has two ends, so each producer has its own pipe; this process receives from
 *       all of them, draining every pipe that has messages and waiting with {@link Connections#waitAny} when none
 *       has. This is the article's claim (a pipe is faster than a queue) in numbers. It runs three forks: like
 *       {@code PipeBenchmark.mprocSendBytes}, a fork settles at one of two rates (2.0 M or 3.5 M items/s for 64 B,
 *       whether sender and receiver share a core), and one fork's figure does not reproduce.</li>
 *   <li>{@code chronicleQueue()}: the peer baseline, Chronicle Queue (OpenHFT, open source) between JVMs. All
 *       producers append to one Chronicle queue in a temporary directory (Chronicle serialises appenders of different
 *       processes with its own write lock); this process tails it, reading each item into one reused buffer and
 *       backing off with Chronicle's balanced pauser when it is empty. The directory is deleted after the trial; it
 *       holds every item of the trial (the 4 KiB cases write some GB), as Chronicle keeps what it is given.
 *       Chronicle needs {@link #CHRONICLE_JVM_FLAGS} on Java 17, given to the JMH fork of this method and to its
 *       producers.</li>
 * </ul>
 *
 * <p>Python's {@code multiprocessing.Queue} doing the same with the same items is the other baseline:
 * {@code python3 bench/src/main/python/queue_throughput.py}, run by the report in the same session.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class QueueBenchmark {

    /** Items received per invocation, shared evenly by the producers. */
    public static final int BATCH = 20_000;

    private static final String EXPORT_REF = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
    private static final String EXPORT_NIO = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    private static final String EXPORT_MISC = "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED";
    private static final String EXPORT_JAVAC_FILE = "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED";
    private static final String OPEN_JAVAC = "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED";
    private static final String OPEN_LANG = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    private static final String OPEN_REFLECT = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    private static final String OPEN_IO = "--add-opens=java.base/java.io=ALL-UNNAMED";
    private static final String OPEN_UTIL = "--add-opens=java.base/java.util=ALL-UNNAMED";
    /** Chronicle reports usage over the network unless told not to; this machine has no business doing that. */
    private static final String NO_ANALYTICS = "-Dchronicle.analytics.disable=true";

    /** The JVM flags Chronicle Queue needs on Java 17 (its documented list), for its fork and its producers. */
    static final List<String> CHRONICLE_JVM_FLAGS = List.of(EXPORT_REF, EXPORT_NIO, EXPORT_MISC, EXPORT_JAVAC_FILE,
        OPEN_JAVAC, OPEN_LANG, OPEN_REFLECT, OPEN_IO, OPEN_UTIL, NO_ANALYTICS);

    /** The control message that ends a producer. */
    private static final int STOP = 0;

    // ------------------------------------------------------------------------------------------------ states

    /** What every set-up has: the parameters, the control queue and the producers. */
    @State(Scope.Benchmark)
    public abstract static class Producers {
        /** How many producer processes. */
        @Param({"1", "2", "4"})
        public int producers;

        /** Bytes per item. */
        @Param({"64", "4096"})
        public int itemSize;

        /**
         * One control queue per producer: with one shared queue, a producer that started early could take a slow
         * one's share too, and a benchmark that counts items per producer (the pipes) would wait for ever.
         */
        final List<Queue<Integer>> controls = new ArrayList<>();
        final List<Process> children = new ArrayList<>();

        /** @return the items each producer sends per invocation */
        int share() {
            return BATCH / producers;
        }

        /** @return the items received per invocation */
        int total() {
            return share() * producers;
        }

        /** @return a new producer's control queue */
        Queue<Integer> newControl() throws IOException {
            final Queue<Integer> control = Queue.create();
            controls.add(control);
            return control;
        }

        /** Asks every producer for its share of one batch. */
        void go() throws InterruptedException {
            go(share());
        }

        /** Tells every producer the same count. */
        void go(final int count) throws InterruptedException {
            for (final Queue<Integer> control : controls) {
                control.put(count);
            }
        }

        /** Stops the producers and waits for them. */
        void stopProducers() throws InterruptedException {
            go(STOP);
            for (final Process child : children) {
                if (!child.join(Duration.ofSeconds(30))) {
                    child.kill();
                    child.join();
                }
                child.close();
            }
            children.clear();
            controls.forEach(Queue::close);
            controls.clear();
        }
    }

    /** Producers putting into one {@link Queue} and one {@link SimpleQueue} owned by this process. */
    @State(Scope.Benchmark)
    public static class QueueProducers extends Producers {
        Queue<byte[]> queue;
        SimpleQueue<byte[]> simpleQueue;

        /**
         * Creates the queues and starts the producers.
         *
         * @throws Exception when a child cannot start
         */
        @Setup(Level.Trial)
        public void start() throws Exception {
            queue = Queue.create();
            simpleQueue = SimpleQueue.create();
            final Queue<byte[]> data = queue;
            final SimpleQueue<byte[]> simpleData = simpleQueue;
            final int size = itemSize;
            for (int p = 0; p < producers; p++) {
                final Queue<Integer> control = newControl();
                children.add(Process.start(() -> {
                    final byte[] item = new byte[size];
                    while (true) {
                        final int n = control.get();
                        if (n == STOP) {
                            return;
                        }
                        // A positive count is for the Queue, a negative one for the SimpleQueue.
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
            stopProducers();
            queue.close();
            simpleQueue.close();
        }
    }

    /** Producers each sending into its own one-way {@link Pipe}, whose reading end is in this process. */
    @State(Scope.Benchmark)
    public static class PipeProducers extends Producers {
        final List<Pipe> pipes = new ArrayList<>();
        final List<Connection> readers = new ArrayList<>();
        int[] pending;

        /**
         * Opens the pipes and starts the producers.
         *
         * @throws Exception when a child cannot start
         */
        @Setup(Level.Trial)
        public void start() throws Exception {
            final int size = itemSize;
            for (int p = 0; p < producers; p++) {
                final Queue<Integer> control = newControl();
                final Pipe pipe = Pipe.open(false);
                pipes.add(pipe);
                readers.add(pipe.left());
                final Connection writer = pipe.right();
                children.add(Process.start(() -> {
                    final byte[] item = new byte[size];
                    while (true) {
                        final int n = control.get();
                        if (n == STOP) {
                            writer.close();
                            return;
                        }
                        for (int i = 0; i < n; i++) {
                            writer.sendBytes(item);
                        }
                    }
                }));
            }
            pending = new int[producers];
        }

        /**
         * Stops the producers and closes the pipes.
         *
         * @throws Exception when a child does not end
         */
        @TearDown(Level.Trial)
        public void stop() throws Exception {
            stopProducers();
            for (final Pipe pipe : pipes) {
                pipe.close();
            }
            pipes.clear();
            readers.clear();
        }
    }

    /** Producers each appending to one Chronicle queue in a temporary directory that this process tails. */
    @State(Scope.Benchmark)
    public static class ChronicleProducers extends Producers {
        Path directory;
        ChronicleQueue chronicle;
        ExcerptTailer tailer;
        Bytes<?> buffer;
        final Pauser pauser = Pauser.balanced();

        /**
         * Creates the Chronicle queue and starts the producers.
         *
         * @throws Exception when a child cannot start
         */
        @Setup(Level.Trial)
        public void start() throws Exception {
            directory = Files.createTempDirectory("queue-bench-chronicle");
            chronicle = ChronicleQueue.singleBuilder(directory).build();
            tailer = chronicle.createTailer();
            buffer = Bytes.allocateElasticOnHeap(itemSize);
            final int size = itemSize;
            final String where = directory.toString();
            for (int p = 0; p < producers; p++) {
                final Queue<Integer> control = newControl();
                children.add(Process.builder().jvmOptions(CHRONICLE_JVM_FLAGS.toArray(String[]::new))
                    .start(() -> appendChronicle(control, where, size)));
            }
        }

        /**
         * Stops the producers, closes the Chronicle queue and deletes its files.
         *
         * @throws Exception when a child does not end or the files cannot be deleted
         */
        @TearDown(Level.Trial)
        public void stop() throws Exception {
            stopProducers();
            tailer.close();
            chronicle.close();
            buffer.releaseLast();
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(QueueBenchmark::delete);
            }
        }
    }

    // ------------------------------------------------------------------------------------------- benchmarks

    /**
     * @param state the producers and the queue
     * @return the last item got
     * @throws InterruptedException never in practice
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public byte[] queue(final QueueProducers state) throws InterruptedException {
        state.go();
        byte[] last = null;
        for (int i = 0; i < state.total(); i++) {
            last = state.queue.take();
        }
        return last;
    }

    /**
     * @param state the producers and the queue
     * @return the last item got
     * @throws InterruptedException never in practice
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public byte[] simpleQueue(final QueueProducers state) throws InterruptedException {
        state.go(-state.share());
        byte[] last = null;
        for (int i = 0; i < state.total(); i++) {
            last = state.simpleQueue.get();
        }
        return last;
    }

    /**
     * @param state the producers and their pipes
     * @return the last item received
     * @throws InterruptedException never in practice
     * @throws IOException          when a producer is gone
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    @Fork(3)
    public byte[] pipe(final PipeProducers state) throws InterruptedException, IOException {
        state.go();
        final List<Connection> readers = state.readers;
        final int[] pending = state.pending;
        Arrays.fill(pending, state.share());
        int remaining = state.total();
        byte[] last = null;
        while (remaining > 0) {
            boolean received = false;
            for (int p = 0; p < pending.length; p++) {
                final Connection reader = readers.get(p);
                while (pending[p] > 0 && reader.poll()) {
                    last = reader.recvBytes();
                    pending[p]--;
                    remaining--;
                    received = true;
                }
            }
            if (!received && remaining > 0) {
                final List<Connection> waiting = new ArrayList<>(pending.length);
                for (int p = 0; p < pending.length; p++) {
                    if (pending[p] > 0) {
                        waiting.add(readers.get(p));
                    }
                }
                Connections.waitAny(waiting);
            }
        }
        return last;
    }

    /**
     * @param state the producers and the tailed Chronicle queue
     * @return the size of the last item read
     * @throws InterruptedException never in practice
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    @Fork(value = 1, jvmArgsAppend = {EXPORT_REF, EXPORT_NIO, EXPORT_MISC, EXPORT_JAVAC_FILE, OPEN_JAVAC, OPEN_LANG,
        OPEN_REFLECT, OPEN_IO, OPEN_UTIL, NO_ANALYTICS})
    public long chronicleQueue(final ChronicleProducers state) throws InterruptedException {
        state.go();
        final ExcerptTailer tailer = state.tailer;
        final Bytes<?> buffer = state.buffer;
        final Pauser pauser = state.pauser;
        long last = 0;
        int read = 0;
        while (read < state.total()) {
            buffer.clear();
            if (tailer.readBytes(buffer)) {
                last = buffer.readRemaining();
                read++;
                pauser.reset();
            } else {
                pauser.pause();
            }
        }
        return last;
    }

    // ------------------------------------------------------------------------------------------------ peers

    private static void appendChronicle(final Queue<Integer> control, final String directory, final int size)
        throws InterruptedException {
        try (ChronicleQueue chronicle = ChronicleQueue.singleBuilder(directory).build();
             ExcerptAppender appender = chronicle.createAppender()) {
            final Bytes<byte[]> item = Bytes.wrapForRead(new byte[size]);
            while (true) {
                final int n = control.get();
                if (n == STOP) {
                    return;
                }
                for (int i = 0; i < n; i++) {
                    item.readPosition(0);
                    appender.writeBytes(item);
                }
            }
        }
    }

    private static void delete(final Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
