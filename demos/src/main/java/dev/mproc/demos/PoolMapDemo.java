package dev.mproc.demos;

import dev.mproc.Pool;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Example 2 of the article: {@code run(x)} sleeps 1 s and returns {@code x * x}; {@link Pool#map} over
 * {@code [1..6]} with 4 workers gives {@code [1, 4, 9, 16, 25, 36]} in about 2 s instead of the 6 s of a loop.
 */
public final class PoolMapDemo implements Demo {

    @Override
    public String name() {
        return "pool-map";
    }

    @Override
    public String title() {
        return "Pool.map: squares with 1 s sleeps over [1..6] on 4 workers";
    }

    @Override
    public String pythonIdea() {
        return "Pool(4).map(run, [1, 2, 3, 4, 5, 6]): results in input order, the work spread over the workers.";
    }

    @Override
    public void run(final PrintStream out, final double speed) throws Exception {
        final long sleepMillis = (long) (1000 / speed);
        try (Pool pool = Pool.create(4)) {
            final long start = System.nanoTime();
            final List<Integer> squares = pool.map(x -> {
                Thread.sleep(sleepMillis);
                return x * x;
            }, List.of(1, 2, 3, 4, 5, 6));
            out.println(squares);
            out.printf(Locale.ROOT, "map took %.2f s on %d workers; a loop would take %.2f s%n",
                (System.nanoTime() - start) / 1e9, pool.processes(), 6 * sleepMillis / 1000.0);
        }
    }

    /**
     * Runs this demo alone.
     *
     * @param args ignored
     * @throws Exception when it fails
     */
    public static void main(final String[] args) throws Exception {
        new PoolMapDemo().run(System.out, 1);
    }
}
