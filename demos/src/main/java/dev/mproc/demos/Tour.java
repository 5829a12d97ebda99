package dev.mproc.demos;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demos tour: {@code java -jar mproc-demos.jar} lists the demos, {@code all} runs every one in the article's
 * order, {@code NAME} runs one; {@code --speed N} divides the simulated work's sleeps by N; {@code --jdbc-url URL}
 * points the database demo at another database (PostgreSQL).
 */
public final class Tour {

    private static final List<Demo> DEMOS = List.of(
        new PoolApplyAsyncDemo(),
        new PoolMapDemo(),
        new ProcessPerCpu(),
        new QueueDemo(),
        new PipeDemo(),
        new SharedMemoryDemo(),
        new ManagerDemo(),
        new DatabaseWrites(),
        new FanOut());

    private Tour() {
    }

    /** @return every demo, in the article's order */
    public static List<Demo> demos() {
        return DEMOS;
    }

    /**
     * @param args {@code [all|NAME...] [--speed N]}
     * @throws Exception when a demo fails
     */
    public static void main(final String[] args) throws Exception {
        double speed = 1;
        final Map<String, Demo> chosen = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--speed") && i + 1 < args.length) {
                speed = Double.parseDouble(args[++i]);
            } else if (args[i].equals("--jdbc-url") && i + 1 < args.length) {
                System.setProperty(DatabaseWrites.JDBC_URL, args[++i]);
            } else if (args[i].equals("all")) {
                DEMOS.forEach(demo -> chosen.put(demo.name(), demo));
            } else {
                chosen.put(args[i], find(args[i]));
            }
        }
        if (chosen.isEmpty()) {
            list(System.out);
            return;
        }
        final long start = System.nanoTime();
        for (final Demo demo : chosen.values()) {
            run(demo, System.out, speed);
        }
        if (chosen.size() > 1) {
            System.out.printf(Locale.ROOT, "%nThe tour ran %d demos in %.2f s.%n", chosen.size(),
                (System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * Runs one demo with its heading, the Python idea, its output and its wall time.
     *
     * @param demo  the demo
     * @param out   where to print
     * @param speed the speed-up of simulated work
     * @throws Exception when the demo fails
     */
    public static void run(final Demo demo, final PrintStream out, final double speed) throws Exception {
        out.println();
        out.println("=== " + demo.name() + ": " + demo.title());
        out.println("Python idea: " + demo.pythonIdea());
        out.println("---");
        out.flush();
        final long start = System.nanoTime();
        demo.run(out, speed);
        out.printf(Locale.ROOT, "--- %s took %.2f s%n", demo.name(), (System.nanoTime() - start) / 1e9);
        out.flush();
    }

    private static Demo find(final String name) {
        return DEMOS.stream().filter(demo -> demo.name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no demo named '" + name + "'; run without arguments"
                + " to list them"));
    }

    private static void list(final PrintStream out) {
        out.println("mproc demos: Python's multiprocessing, the article's examples, on the JVM");
        out.println("usage: java -jar demos/target/mproc-demos.jar [all | NAME...] [--speed N] [--jdbc-url URL]");
        out.println();
        for (final Demo demo : DEMOS) {
            out.printf("  %-22s %s%n", demo.name(), demo.title());
        }
    }
}
