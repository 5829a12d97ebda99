package dev.mproc.bench.report;

import dev.mproc.bench.ClusterBenchmark;
import dev.mproc.bench.PoolBenchmark;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the report compares: each mproc figure with its baselines, and the chart's series. Keys are
 * {@code SimpleBenchmarkClass.method[param=value,...]} for JMH (with {@code :p50}/{@code :p99} for sampled times,
 * {@code :<counter>} for an auxiliary counter) and
 * {@code python:<scenario>} for the Python scripts.
 */
final class Scenarios {

    private static final String BENCH = "dev\\.mproc\\.bench\\.";

    /** What the rounds run, one block per primitive: its JMH benchmarks and the Python script of the same scenarios. */
    static final List<Block> BLOCKS = List.of(
        new Block("Process", BENCH + "ProcessStartBenchmark\\.", null, "process_start.py"),
        new Block("Pool", BENCH + "PoolBenchmark\\.", BENCH + "PoolColdBenchmark\\.", "pool_map.py"),
        new Block("Pipe", BENCH + "PipeBenchmark\\.", null, "pipe_throughput.py").longerIterations(2),
        new Block("Queue", BENCH + "QueueBenchmark\\.", null, "queue_throughput.py").settlingPerFork(),
        new Block("Shared memory", BENCH + "SharedMemoryBenchmark\\.", null, "value_increment.py").settlingPerFork(),
        new Block("Manager", BENCH + "ManagerBenchmark\\.", BENCH + "ManagerColdBenchmark\\.", "manager_dict.py")
            .settlingPerFork()
            .longerIterations(3),
        // No Python side; every trial starts and stops a cluster of member JVMs (5 to 15 s), so one round. Four JVMs
        // on two cores warm up slowly: a trial's rates still rose from 1 s iterations to the next.
        new Block("Cluster", BENCH + "ClusterBenchmark\\.", null, null).once().longerIterations(2));

    /** Member counts of the cluster, as {@code ClusterBenchmark}'s parameter gives them. */
    private static final int[] MEMBERS = {2, 3};

    private static final String PY = "Python multiprocessing";

    static final List<Scenario> ROWS = rows();

    /** What one task or call costs, written below the section's table. */
    static final List<Cost> COSTS = costs();

    static final List<Series> CHART = List.of(
        new Series("mproc Pipe (sendBytes)", "#1f77b4", Map.of(64, "PipeBenchmark.mprocSendBytes[size=64]",
            4096, "PipeBenchmark.mprocSendBytes[size=4096]", 1 << 20, "PipeBenchmark.mprocSendBytes[size=1048576]")),
        new Series("raw NIO socket, batched", "#aec7e8", Map.of(
            64, "PipeBenchmark.baselineNioSendBytesBatched[size=64]",
            4096, "PipeBenchmark.baselineNioSendBytesBatched[size=4096]",
            1 << 20, "PipeBenchmark.baselineNioSendBytesBatched[size=1048576]")),
        new Series("mproc Queue (1 producer)", "#ff7f0e", Map.of(
            64, "QueueBenchmark.queue[itemSize=64,producers=1]",
            4096, "QueueBenchmark.queue[itemSize=4096,producers=1]")),
        new Series("mproc shared memory (bulk copy)", "#2ca02c",
            Map.of(1 << 20, "SharedMemoryBenchmark.bulkCopyIntoSharedArray")),
        new Series("Python Pipe (send_bytes)", "#d62728", Map.of(64, "python:python-pipe-send-bytes-64B",
            4096, "python:python-pipe-send-bytes-4KiB", 1 << 20, "python:python-pipe-send-bytes-1MiB")),
        new Series("Python Queue (1 producer)", "#ff9896", Map.of(64, "python:python-queue-64B-1-producers",
            4096, "python:python-queue-4096B-1-producers")));

    private Scenarios() {
    }

    private static List<Scenario> rows() {
        final List<Scenario> rows = new ArrayList<>();
        final String start = "ProcessStartBenchmark.mprocProcessStartJoin:p50";
        final String startJoin = "start and join of a trivial task (median)";
        rows.add(new Scenario("Process", startJoin, start,
            "ProcessStartBenchmark.baselineBareJvmStartJoin:p50", "bare JVM start and exit (empty main)"));
        rows.add(new Scenario("Process", startJoin, start, "python:python-process-start-join-median-default",
            PY + ", default start method").asHeadline());
        rows.add(new Scenario("Process", startJoin, start, "python:python-process-start-join-median-spawn",
            PY + ", spawn").asHeadline());
        rows.add(new Scenario("Process", startJoin, start, "python:python-process-start-join-median-forkserver",
            PY + ", forkserver"));
        final String ready = "ProcessStartBenchmark.mprocProcessStartJoinSpareReady:p50";
        final String readyJoin = "start and join of a trivial task, a spare JVM ready (median)";
        rows.add(new Scenario("Process", readyJoin, ready, "python:python-process-start-join-median-forkserver",
            PY + ", forkserver (its server up)").asHeadline());
        rows.add(new Scenario("Process", readyJoin, ready, "python:python-process-start-join-median-default",
            PY + ", default start method"));
        rows.add(new Scenario("Process", "start and join of a trivial task, spares off: a cold JVM (median)",
            "ProcessStartBenchmark.mprocProcessStartJoinNoSpare:p50",
            "python:python-process-start-join-median-spawn", PY + ", spawn"));
        rows.add(new Scenario("Process", "a child's first message through a Pipe, a spare JVM ready (median)",
            "ProcessStartBenchmark.mprocFirstMessageThroughPipeSpareReady:p50",
            "ProcessStartBenchmark.baselineBareJvmStartJoin:p50", "bare JVM start and exit (empty main)"));

        pair(rows, "Pool", "map of x -> x * x, chunksize 1", "PoolBenchmark.mapChunksize1",
            "PoolBenchmark.baselineThreadPoolChunksize1", "JDK thread pool (in-process ceiling)",
            "python:python-pool-map-chunksize-1");
        rows.add(rows.remove(rows.size() - 1).asHeadline());
        rows.add(new Scenario("Pool", "map of x -> x * x, chunksize 1: a fresh pool's first map, cold JVM",
            "PoolColdBenchmark.firstMapChunksize1", "python:python-pool-map-chunksize-1", PY).asHeadline());
        pair(rows, "Pool", "map of x -> x * x, default chunks", "PoolBenchmark.mapDefaultChunks",
            "PoolBenchmark.baselineThreadPoolDefaultChunks", "JDK thread pool (in-process ceiling)",
            "python:python-pool-map-default-chunks");
        pair(rows, "Pool", "applyAsync round trip", "PoolBenchmark.applyAsyncRoundTrip",
            "PoolBenchmark.baselineThreadPoolSubmitRoundTrip", "JDK thread pool submit",
            "python:python-pool-apply-async");
        for (final String method : new String[] {"default", "spawn"}) {
            final Scenario row = new Scenario("Pool", "pool start until the first result",
                "PoolBenchmark.startUntilFirstResult", "python:python-pool-start-first-result-" + method,
                PY + (method.equals("default") ? ", default start method" : ", " + method));
            rows.add(method.equals("default") ? row.asHeadline() : row);
        }

        for (final String[] size : new String[][] {{"64", "64B"}, {"4096", "4KiB"}, {"1048576", "1MiB"}}) {
            final String label = "sendBytes, " + size[1] + " messages";
            final String mine = "PipeBenchmark.mprocSendBytes[size=" + size[0] + "]";
            rows.add(new Scenario("Pipe", label, mine, "PipeBenchmark.baselineNioSendBytesPerMessage[size=" + size[0]
                + "]", "raw NIO Unix socket, one write per message"));
            rows.add(new Scenario("Pipe", label, mine, "PipeBenchmark.baselineNioSendBytesBatched[size=" + size[0]
                + "]", "raw NIO Unix socket, batched writes (ceiling)"));
            final Scenario python = new Scenario("Pipe", label, mine, "python:python-pipe-send-bytes-" + size[1], PY);
            rows.add(size[0].equals("64") ? python.asHeadline() : python);
        }
        rows.add(new Scenario("Pipe", "send of a small object [42, null, \"hello\"]",
            "PipeBenchmark.mprocSendSmallObject", "python:python-pipe-send-object", PY));
        rows.add(new Scenario("Pipe", "64 B ping-pong (median)", "PipeBenchmark.mprocPingPong64:p50",
            "PipeBenchmark.baselineNioPingPong64:p50", "raw NIO Unix socket").asHeadline());
        rows.add(new Scenario("Pipe", "64 B ping-pong (p99)", "PipeBenchmark.mprocPingPong64:p99",
            "PipeBenchmark.baselineNioPingPong64:p99", "raw NIO Unix socket"));
        rows.add(new Scenario("Pipe", "64 B ping-pong (median)", "PipeBenchmark.mprocPingPong64:p50",
            "python:python-pipe-ping-pong-64B-median", PY).asHeadline());

        for (final int bytes : new int[] {64, 4096}) {
            for (final int producers : new int[] {1, 2, 4}) {
                final String params = "[itemSize=" + bytes + ",producers=" + producers + "]";
                final String label = bytes + " B items, " + producers + " producer" + (producers > 1 ? "s" : "");
                final String python = "python:python-queue-" + bytes + "B-" + producers + "-producers";
                final boolean first = bytes == 64 && producers == 1;
                final Scenario againstPython = new Scenario("Queue", label, "QueueBenchmark.queue" + params, python,
                    PY + " Queue");
                rows.add(bytes == 64 || producers == 1 ? againstPython.asHeadline() : againstPython);
                rows.add(new Scenario("Queue", label + ", SimpleQueue", "QueueBenchmark.simpleQueue" + params,
                    python, PY + " Queue"));
                final Scenario againstPipe = new Scenario("Queue", label, "QueueBenchmark.queue" + params,
                    "QueueBenchmark.pipe" + params, "mproc Pipe" + (producers > 1 ? "s, one per producer" : "")
                        + ", same items");
                rows.add(first ? againstPipe.asHeadline() : againstPipe);
                final Scenario againstChronicle = new Scenario("Queue", label, "QueueBenchmark.queue" + params,
                    "QueueBenchmark.chronicleQueue" + params, "Chronicle Queue between JVMs");
                rows.add(first ? againstChronicle.asHeadline() : againstChronicle);
            }
        }

        final String locked = "SharedMemoryBenchmark.contendedLockedIncrement:perProcess";
        rows.add(new Scenario("Shared memory", "increment under the lock, 2 processes contending (per process)",
            locked, "python:python-value-locked-increment-per-process", PY + " Value + get_lock()").asHeadline());
        rows.add(new Scenario("Shared memory", "atomic increment, 2 processes contending (per process)",
            "SharedMemoryBenchmark.contendedAtomicIncrement:perProcess",
            "python:python-value-locked-increment-per-process",
            PY + " Value + get_lock() (it has no atomic add)"));
        rows.add(new Scenario("Shared memory", "uncontended lock and unlock",
            "SharedMemoryBenchmark.uncontendedLockUnlock", "SharedMemoryBenchmark.baselineReentrantLockUnlock",
            "JDK ReentrantLock (in-process)").asHeadline());
        rows.add(new Scenario("Shared memory", "uncontended lock and unlock",
            "SharedMemoryBenchmark.uncontendedLockUnlock", "python:python-lock-uncontended", PY + " Lock"));
        rows.add(new Scenario("Shared memory", "bulk copy of 1 MiB into a shared array",
            "SharedMemoryBenchmark.bulkCopyIntoSharedArray", "SharedMemoryBenchmark.baselineBulkCopyIntoDirectBuffer",
            "plain direct ByteBuffer copy (ceiling)"));
        final String wakeUp = "wake-up of a parked waiter (event round trip, median)";
        rows.add(new Scenario("Shared memory", wakeUp, "SharedMemoryBenchmark.wakeUpParkedWaiter:p50",
            "SharedMemoryBenchmark.baselineRoundTripSpinningWaiter:p50", "same round trip, waiter spinning"));
        // Python's Event is the headline: the spinning round trip is a thousand times shorter, so their ratio is
        // four decimal places of noise.
        rows.add(new Scenario("Shared memory", wakeUp, "SharedMemoryBenchmark.wakeUpParkedWaiter:p50",
            "python:python-event-parked-wake-up-median", PY + " Event").asHeadline());

        for (final String[] op : new String[][] {{"mapPut", "dict put", "dict-put"}, {"mapGet", "dict get", "dict-get"},
            {"listAdd", "list add", "list-add"}}) {
            rows.add(new Scenario("Manager", op[1] + " round trips, one client", "ManagerBenchmark." + op[0],
                "ManagerBenchmark.baselineFrameChannelRoundTrip", "raw request/response on the wire (ceiling)"));
            final Scenario python = new Scenario("Manager", op[1] + " round trips, one client",
                "ManagerBenchmark." + op[0], "python:python-manager-" + op[2], PY + " Manager()");
            rows.add(op[0].startsWith("map") ? python.asHeadline() : python);
        }
        for (final String[] op : new String[][] {{"firstPuts", "dict put", "dict-put"},
            {"firstGets", "dict get", "dict-get"}}) {
            rows.add(new Scenario("Manager", op[1] + " round trips: a fresh client's first 10,000, cold JVM",
                "ManagerColdBenchmark." + op[0], "python:python-manager-" + op[2], PY + " Manager()").asHeadline());
        }

        // Rates per task or per call on both sides: the cluster's chunksize-1 map takes fewer items than the pool's.
        final String pool = "local Pool of " + PoolBenchmark.WORKERS + " worker JVMs";
        for (final String[] op : new String[][] {
            {"mapChunksize1", String.format(Locale.ROOT, "map of x -> x * x, chunksize 1 (%,d items)",
                ClusterBenchmark.CHUNKSIZE_1_ITEMS),
                "PoolBenchmark.mapChunksize1", pool},
            {"mapDefaultChunks", "map of x -> x * x, default chunks", "PoolBenchmark.mapDefaultChunks", pool},
            {"dictPut", "dict put round trips, one client", "ManagerBenchmark.mapPut", "Manager (one child JVM)"},
            {"dictGet", "dict get round trips, one client", "ManagerBenchmark.mapGet", "Manager (one child JVM)"}}) {
            for (final int members : MEMBERS) {
                rows.add(new Scenario("Cluster", op[1] + ", cluster of " + members + " members",
                    "ClusterBenchmark." + op[0] + "[members=" + members + "]", op[2], op[3]));
            }
        }
        return List.copyOf(rows);
    }

    private static List<Cost> costs() {
        final List<Cost> costs = new ArrayList<>();
        for (final String[] op : new String[][] {
            {"mapChunksize1", "map, chunksize 1, per task", "PoolBenchmark.mapChunksize1", "local pool"},
            {"mapDefaultChunks", "map, default chunks, per task", "PoolBenchmark.mapDefaultChunks", "local pool"},
            {"dictPut", "dict put, per call", "ManagerBenchmark.mapPut", "Manager"},
            {"dictGet", "dict get, per call", "ManagerBenchmark.mapGet", "Manager"}}) {
            final List<String> labels = new ArrayList<>(List.of(op[3]));
            final List<String> keys = new ArrayList<>(List.of(op[2]));
            for (final int members : MEMBERS) {
                labels.add("cluster of " + members + " members");
                keys.add("ClusterBenchmark." + op[0] + "[members=" + members + "]");
            }
            costs.add(new Cost("Cluster", op[1], labels, keys));
        }
        return List.copyOf(costs);
    }

    private static void pair(final List<Scenario> rows, final String group, final String name, final String mine,
                             final String jvmBaseline, final String jvmLabel, final String python) {
        rows.add(new Scenario(group, name, mine, jvmBaseline, jvmLabel));
        rows.add(new Scenario(group, name, mine, python, PY));
    }
}
