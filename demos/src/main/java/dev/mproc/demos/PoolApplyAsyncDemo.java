package dev.mproc.demos;

import dev.mproc.AsyncResult;
import dev.mproc.Pool;
import dev.mproc.Processes;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * Example 1 of the article: ten tasks, each sleeping a random 0-10 s, submitted with {@link Pool#applyAsync} to a
 * pool of one worker per CPU; the results are collected only after everything was submitted (calling {@code get()}
 * inside the submit loop would run the tasks one by one). Prints the {@code (num, sleep)} pairs in submit order, the
 * parallel wall time and the serial time (the sum of the sleeps).
 */
public final class PoolApplyAsyncDemo implements Demo {

    private static final int TASKS = 10;

    @Override
    public String name() {
        return "pool-apply-async";
    }

    @Override
    public String title() {
        return "Pool.applyAsync: ten random sleeps, parallel time vs serial time";
    }

    @Override
    public String pythonIdea() {
        return "pool.apply_async(f, (n,)) for every task first, then .get() every result: the pool runs them in "
            + "parallel; get() inside the loop would serialise them.";
    }

    @Override
    public void run(final PrintStream out, final double speed) throws Exception {
        final long start = System.nanoTime();
        final List<AsyncResult<Slept>> results = new ArrayList<>();
        try (Pool pool = Pool.create(Processes.cpuCount())) {
            for (int n = 0; n < TASKS; n++) {
                final int num = n;
                results.add(pool.applyAsync(() -> {
                    final int seconds = ThreadLocalRandom.current().nextInt(11);
                    Thread.sleep((long) (seconds * 1000 / speed));
                    return new Slept(num, seconds);
                }));
            }
            out.printf(Locale.ROOT, "submitted %d tasks to %d workers; collecting the results in submit order:%n",
                TASKS, pool.processes());
            out.flush();
            final List<Slept> slept = new ArrayList<>();
            for (final AsyncResult<Slept> result : results) {
                slept.add(result.get());
                // The tour's first demo takes tens of seconds: show that it is moving.
                out.printf(Locale.ROOT, "  got %s at %.1f s%n", slept.get(slept.size() - 1),
                    (System.nanoTime() - start) / 1e9);
                out.flush();
            }
            final double parallel = (System.nanoTime() - start) / 1e9;
            final double serial = slept.stream().mapToInt(Slept::seconds).sum() / speed;
            out.println(slept.stream().map(Slept::toString).collect(Collectors.joining(", ", "[", "]")));
            out.printf(Locale.ROOT, "parallel time: %.2f s with %d workers%n", parallel, pool.processes());
            out.printf(Locale.ROOT, "serial time:   %.2f s (the sum of the sleeps)%n", serial);
        }
    }

    /**
     * Runs this demo alone.
     *
     * @param args ignored
     * @throws Exception when it fails
     */
    public static void main(final String[] args) throws Exception {
        new PoolApplyAsyncDemo().run(System.out, 1);
    }

    /** What a task returns: its number and how long it slept, in the article's seconds. */
    record Slept(int num, int seconds) implements Serializable {
        @Override
        public String toString() {
            return "(" + num + ", " + seconds + ")";
        }
    }
}
