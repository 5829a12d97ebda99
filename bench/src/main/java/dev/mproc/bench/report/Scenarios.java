package dev.mproc.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the report compares: each mproc figure with its baselines, and the chart's series. Keys are
 * {@code SimpleBenchmarkClass.method[param=value,...]} for JMH (with {@code :p50}/{@code :p99} for sampled times) and
 * {@code python:<scenario>} for the Python scripts.
 */
final class Scenarios {

    /** The Python scripts (resources under {@code /python}) run before JMH; each prints scenario lines. */
    static final List<String> PYTHON_SCRIPTS = List.of("process_spawn.py", "pool_map.py", "pipe_throughput.py",
        "queue_throughput.py", "value_increment.py", "manager_dict.py");

    private static final String PY = "Python multiprocessing";

    static final List<Scenario> ROWS = rows();

    static final List<Series> CHART = List.of(
        new Series("mproc Pipe (sendBytes)", "#1f77b4", Map.of(64, "PipeBenchmark.mprocSendBytes[size=64]",
            4096, "PipeBenchmark.mprocSendBytes[size=4096]", 1 << 20, "PipeBenchmark.mprocSendBytes[size=1048576]")),
        new Series("raw NIO socket, batched", "#aec7e8", Map.of(64, "PipeBenchmark.baselineNioSendBytesBatched[size=64]",
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
        rows.add(new Scenario("Process", "start and join of a trivial task (median)", start,
            "ProcessStartBenchmark.baselineBareJvmStartJoin:p50", "bare JVM start and exit (empty main)"));
        rows.add(new Scenario("Process", "start and join of a trivial task (median)", start,
            "python:python-process-start-join-median", PY + ", spawn"));

        pair(rows, "Pool", "map of x -> x * x, chunksize 1", "PoolBenchmark.mapChunksize1",
            "PoolBenchmark.baselineThreadPoolChunksize1", "JDK thread pool (in-process ceiling)",
            "python:python-pool-map-chunksize-1");
        pair(rows, "Pool", "map of x -> x * x, default chunks", "PoolBenchmark.mapDefaultChunks",
            "PoolBenchmark.baselineThreadPoolDefaultChunks", "JDK thread pool (in-process ceiling)",
            "python:python-pool-map-default-chunks");
        pair(rows, "Pool", "applyAsync round trip", "PoolBenchmark.applyAsyncRoundTrip",
            "PoolBenchmark.baselineThreadPoolSubmitRoundTrip", "JDK thread pool submit", "python:python-pool-apply-async");
        rows.add(new Scenario("Pool", "pool start until the first result", "PoolBenchmark.startUntilFirstResult",
            "python:python-pool-start-first-result", PY + ", spawn"));

        for (final String[] size : new String[][] {{"64", "64B"}, {"4096", "4KiB"}, {"1048576", "1MiB"}}) {
            final String label = "sendBytes, " + size[1] + " messages";
            final String mine = "PipeBenchmark.mprocSendBytes[size=" + size[0] + "]";
            rows.add(new Scenario("Pipe", label, mine, "PipeBenchmark.baselineNioSendBytesPerMessage[size=" + size[0]
                + "]", "raw NIO Unix socket, one write per message"));
            rows.add(new Scenario("Pipe", label, mine, "PipeBenchmark.baselineNioSendBytesBatched[size=" + size[0]
                + "]", "raw NIO Unix socket, batched writes (ceiling)"));
            rows.add(new Scenario("Pipe", label, mine, "python:python-pipe-send-bytes-" + size[1], PY));
        }
        rows.add(new Scenario("Pipe", "send of a small object [42, null, \"hello\"]",
            "PipeBenchmark.mprocSendSmallObject", "python:python-pipe-send-object", PY));
        rows.add(new Scenario("Pipe", "64 B ping-pong (median)", "PipeBenchmark.mprocPingPong64:p50",
            "PipeBenchmark.baselineNioPingPong64:p50", "raw NIO Unix socket"));
        rows.add(new Scenario("Pipe", "64 B ping-pong (p99)", "PipeBenchmark.mprocPingPong64:p99",
            "PipeBenchmark.baselineNioPingPong64:p99", "raw NIO Unix socket"));
        rows.add(new Scenario("Pipe", "64 B ping-pong (median)", "PipeBenchmark.mprocPingPong64:p50",
            "python:python-pipe-ping-pong-64B-median", PY));

        for (final int bytes : new int[] {64, 4096}) {
            for (final int producers : new int[] {1, 2, 4}) {
                final String params = "[itemSize=" + bytes + ",producers=" + producers + "]";
                final String label = bytes + " B items, " + producers + " producer" + (producers > 1 ? "s" : "");
                final String python = "python:python-queue-" + bytes + "B-" + producers + "-producers";
                rows.add(new Scenario("Queue", label, "QueueBenchmark.queue" + params, python, PY + " Queue"));
                rows.add(new Scenario("Queue", label + ", SimpleQueue", "QueueBenchmark.simpleQueue" + params,
                    python, PY + " Queue"));
                rows.add(new Scenario("Queue", label, "QueueBenchmark.queue" + params,
                    "QueueBenchmark.pipe" + params, "mproc Pipe" + (producers > 1 ? "s, one per producer" : "")
                        + ", same items"));
                rows.add(new Scenario("Queue", label, "QueueBenchmark.queue" + params,
                    "QueueBenchmark.chronicleQueue" + params, "Chronicle Queue between JVMs"));
            }
        }

        final String locked = "SharedMemoryBenchmark.contendedLockedIncrement";
        rows.add(new Scenario("Shared memory", "increment under the lock, 2 processes contending (per process)",
            locked, "python:python-value-locked-increment-per-process", PY + " Value + get_lock()"));
        rows.add(new Scenario("Shared memory", "atomic increment, 2 processes contending (per process)",
            "SharedMemoryBenchmark.contendedAtomicIncrement", "python:python-value-locked-increment-per-process",
            PY + " Value + get_lock() (it has no atomic add)"));
        rows.add(new Scenario("Shared memory", "uncontended lock and unlock",
            "SharedMemoryBenchmark.uncontendedLockUnlock", "SharedMemoryBenchmark.baselineReentrantLockUnlock",
            "JDK ReentrantLock (in-process)"));
        rows.add(new Scenario("Shared memory", "uncontended lock and unlock",
            "SharedMemoryBenchmark.uncontendedLockUnlock", "python:python-lock-uncontended", PY + " Lock"));
        rows.add(new Scenario("Shared memory", "bulk copy of 1 MiB into a shared array",
            "SharedMemoryBenchmark.bulkCopyIntoSharedArray", "SharedMemoryBenchmark.baselineBulkCopyIntoDirectBuffer",
            "plain direct ByteBuffer copy (ceiling)"));
        rows.add(new Scenario("Shared memory", "wake-up of a parked waiter (event round trip)",
            "SharedMemoryBenchmark.wakeUpParkedWaiter", "SharedMemoryBenchmark.baselineRoundTripSpinningWaiter",
            "same round trip, waiter spinning"));

        for (final String[] op : new String[][] {{"mapPut", "dict put", "dict-put"}, {"mapGet", "dict get", "dict-get"},
            {"listAdd", "list add", "list-add"}}) {
            rows.add(new Scenario("Manager", op[1] + " round trips, one client", "ManagerBenchmark." + op[0],
                "ManagerBenchmark.baselineFrameChannelRoundTrip", "raw request/response on the wire (ceiling)"));
            rows.add(new Scenario("Manager", op[1] + " round trips, one client", "ManagerBenchmark." + op[0],
                "python:python-manager-" + op[2], PY + " Manager()"));
        }
        return List.copyOf(rows);
    }

    private static void pair(final List<Scenario> rows, final String group, final String name, final String mine,
                             final String jvmBaseline, final String jvmLabel, final String python) {
        rows.add(new Scenario(group, name, mine, jvmBaseline, jvmLabel));
        rows.add(new Scenario(group, name, mine, python, PY));
    }
}
