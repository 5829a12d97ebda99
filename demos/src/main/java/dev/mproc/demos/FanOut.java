package dev.mproc.demos;

import dev.mproc.Pool;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Example 9 of the article: a fan-out helper that runs several "API calls" for one company in parallel processes and
 * gathers their results under keys in a map shared through a Manager, guarded by a lock; then the better way in this
 * toolkit, a {@link Pool} whose tasks return their results, with no shared state at all; both timed.
 */
public final class FanOut implements Demo {

    @Override
    public String name() {
        return "fan-out";
    }

    @Override
    public String title() {
        return "Fan-out helper: parallel calls, results grouped by key in a Manager dict, vs a Pool";
    }

    @Override
    public String pythonIdea() {
        return "MulProcessHelper: one Process per (function, params, key), each appending its result to a "
            + "Manager().dict() under a Lock; returning results from Pool tasks needs neither.";
    }

    @Override
    public void run(final PrintStream out, final double speed) throws Exception {
        final FanOutHelper helper = orionCalls((long) (1000 / speed));

        long start = System.nanoTime();
        final Map<String, List<Object>> shared = helper.runAll();
        final double helperSeconds = (System.nanoTime() - start) / 1e9;
        out.println("the helper (a process per call, a Manager dict, a lock):");
        print(out, shared);

        start = System.nanoTime();
        final Map<String, List<Object>> pooled;
        try (Pool pool = Pool.create(Math.min(helper.calls().size(), 4))) {
            pooled = helper.mapOn(pool);
        }
        final double poolSeconds = (System.nanoTime() - start) / 1e9;
        out.println("the better way (a Pool whose tasks return their results, grouped in the parent):");
        print(out, pooled);
        out.printf(Locale.ROOT, "helper: %.2f s, pool: %.2f s; the same results: %s%n", helperSeconds, poolSeconds,
            sorted(shared).equals(sorted(pooled)));
        out.println("The pool needs no manager process, no lock and no read-copy-update: results travel back with"
            + " the task that made them.");
    }

    /**
     * @param latency how long each simulated API call waits, in milliseconds
     * @return the helper with the article's calls for one company: a profile, two news sources, three years of prices
     */
    static FanOutHelper orionCalls(final long latency) {
        final String company = "Orion Retail Inc.";
        return new FanOutHelper(20)
            .add(name -> Api.profile(name, latency), company, "profile")
            .add(name -> Api.news(name, "wire", latency), company, "news")
            .add(name -> Api.news(name, "press", latency), company, "news")
            .add(name -> Api.price(name, 2024, latency), company, "prices")
            .add(name -> Api.price(name, 2025, latency), company, "prices")
            .add(name -> Api.price(name, 2026, latency), company, "prices");
    }

    /**
     * @return the results the calls give, run one after the other in this JVM with no simulated latency: what every
     *         way of running them must gather
     * @throws Exception when a call fails
     */
    static Map<String, List<Object>> expected() throws Exception {
        final Map<String, List<Object>> results = new TreeMap<>();
        for (final FanOutHelper.Call<?, ?> call : orionCalls(0).calls()) {
            results.computeIfAbsent(call.key(), key -> new ArrayList<>()).add(call.run());
        }
        return results;
    }

    static void print(final PrintStream out, final Map<String, List<Object>> results) {
        sorted(results).forEach((key, values) -> out.println("  " + key + ": " + values));
    }

    static Map<String, List<String>> sorted(final Map<String, List<Object>> results) {
        final Map<String, List<String>> sorted = new TreeMap<>();
        results.forEach((key, values) -> sorted.put(key, values.stream().map(String::valueOf).sorted().toList()));
        return sorted;
    }

    /** Stand-ins for remote APIs: each waits as a network call would, then answers. */
    static final class Api {

        private Api() {
        }

        static String profile(final String company, final long latency) throws InterruptedException {
            Thread.sleep(latency);
            return company + ": retail, founded 1910";
        }

        static String news(final String company, final String source, final long latency) throws InterruptedException {
            Thread.sleep(latency);
            return source + ": " + company + " opens a new store";
        }

        static String price(final String company, final int year, final long latency) throws InterruptedException {
            Thread.sleep(latency);
            return year + "=" + (40 + Math.floorMod((company + year).hashCode(), 20));
        }
    }

    /**
     * Runs this demo alone.
     *
     * @param args ignored
     * @throws Exception when it fails
     */
    public static void main(final String[] args) throws Exception {
        new FanOut().run(System.out, 1);
    }
}
