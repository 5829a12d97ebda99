package dev.mproc.apps;

import dev.mproc.Pool;
import dev.mproc.Process;
import dev.mproc.manager.Manager;
import dev.mproc.queue.Queue;
import dev.mproc.shm.LongValue;
import dev.mproc.shm.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A user's program, written the ordinary way: a child process feeds a {@link Queue}, a {@link Pool} maps a function,
 * two children increment a shared {@link Value} under its lock, and a child fills a {@link Manager} dict. Each scenario
 * checks its result and prints one line; a failed check is an exception, so that every launcher sees a failed run.
 *
 * <p>Every launcher of this module runs this class with no JVM flag (see the module's README). With {@code --strict}
 * it also fails when anything printed or logged a WARNING or SEVERE ({@link StrictOutput}), for the one launcher
 * whose output no test can read: {@code mvn exec:java}.
 */
public final class UserApp {

    /** The line a run prints last when every scenario passed. */
    public static final String SUCCESS = "mproc apps: all scenarios passed";

    private static final int ITEMS = 100;
    private static final int INCREMENTS_PER_CHILD = 2_000;
    /** How long the parent waits for one item before it calls the run a failure; far more than it takes. */
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    private UserApp() {
    }

    /**
     * Runs the four scenarios.
     *
     * @param args {@code --strict} to fail on any WARNING or SEVERE as well
     * @throws Exception when a scenario fails
     */
    @SuppressWarnings("try") // the watch is only closed, which is its check
    public static void main(final String[] args) throws Exception {
        if (List.of(args).contains("--strict")) {
            try (StrictOutput strict = StrictOutput.install()) {
                runAll();
            }
        } else {
            runAll();
        }
    }

    private static void runAll() throws Exception {
        System.out.println(processWithQueue());
        System.out.println(poolMap());
        System.out.println(sharedValueUnderItsLock());
        System.out.println(managerDict());
        System.out.println(SUCCESS);
    }

    /**
     * A child puts numbered items on a queue; the parent gets them all, in order.
     *
     * @return the scenario's line
     * @throws Exception when it fails
     */
    public static String processWithQueue() throws Exception {
        try (Queue<Integer> queue = Queue.create()) {
            try (Process producer = Process.start(() -> {
                for (int i = 0; i < ITEMS; i++) {
                    queue.put(i);
                }
            })) {
                final List<Integer> received = new ArrayList<>();
                for (int i = 0; i < ITEMS; i++) {
                    received.add(queue.get(PATIENCE));
                }
                producer.join();
                requireCleanExit(producer);
                check(received.equals(IntStream.range(0, ITEMS).boxed().collect(Collectors.toList())),
                    "the queue gave " + received);
            }
        }
        return "process and queue: " + ITEMS + " items arrived in order";
    }

    /**
     * Two pool workers square some numbers.
     *
     * @return the scenario's line
     * @throws Exception when it fails
     */
    public static String poolMap() throws Exception {
        final List<Integer> inputs = IntStream.rangeClosed(1, 10).boxed().collect(Collectors.toList());
        final List<Integer> squares;
        try (Pool pool = Pool.create(2)) {
            squares = pool.map(x -> x * x, inputs);
        }
        check(squares.equals(inputs.stream().map(x -> x * x).collect(Collectors.toList())),
            "the pool's map gave " + squares);
        return "pool map: " + squares;
    }

    /**
     * Two children increment one shared value, each under the value's lock, many times.
     *
     * @return the scenario's line
     * @throws Exception when it fails
     */
    public static String sharedValueUnderItsLock() throws Exception {
        try (LongValue counter = Value.ofLong(0)) {
            try (Process first = Process.start(() -> incrementUnderItsLock(counter));
                 Process second = Process.start(() -> incrementUnderItsLock(counter))) {
                first.join();
                second.join();
                requireCleanExit(first);
                requireCleanExit(second);
            }
            final long expected = 2L * INCREMENTS_PER_CHILD;
            check(counter.get() == expected, "the shared value is " + counter.get() + ", not " + expected);
            return "shared value under its lock: " + counter.get();
        }
    }

    /**
     * A child writes a manager dict; the parent reads what it wrote.
     *
     * @return the scenario's line
     * @throws Exception when it fails
     */
    public static String managerDict() throws Exception {
        try (Manager manager = Manager.start()) {
            final ConcurrentMap<String, Integer> dict = manager.dict();
            try (Process writer = Process.start(() -> {
                dict.put("one", 1);
                dict.put("two", 2);
                dict.put("three", 3);
            })) {
                writer.join();
                requireCleanExit(writer);
            }
            final Map<String, Integer> seen = new TreeMap<>(dict);
            check(seen.equals(Map.of("one", 1, "two", 2, "three", 3)), "the manager dict holds " + seen);
            return "manager dict: " + seen;
        }
    }

    private static void incrementUnderItsLock(final LongValue counter) {
        for (int i = 0; i < INCREMENTS_PER_CHILD; i++) {
            counter.getLock().lock();
            try {
                // A read and a write, not an atomic add: only the lock keeps the two children's updates apart.
                counter.set(counter.get() + 1);
            } finally {
                counter.getLock().unlock();
            }
        }
    }

    private static void requireCleanExit(final Process child) {
        check(child.exitCode().orElse(-1) == 0, child.name() + " exited with " + child.exitCode());
    }

    private static void check(final boolean condition, final String failure) {
        if (!condition) {
            throw new IllegalStateException(failure);
        }
    }
}
