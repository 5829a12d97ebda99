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
        new FanOut(),
        new ClusterDemo());

    private static final String USAGE = "usage: java -jar demos/target/mproc-demos.jar [all | NAME...] [--speed N]"
        + " [--jdbc-url URL] [--help]";

    private Tour() {
    }

    /** @return every demo, in the article's order */
    public static List<Demo> demos() {
        return DEMOS;
    }

    /**
     * @param args {@code [all|NAME...] [--speed N] [--jdbc-url URL] [--help]}; a wrong one exits with status 2 and
     *             the usage
     * @throws Exception when a demo fails
     */
    public static void main(final String[] args) throws Exception {
        double speed = 1;
        final Map<String, Demo> chosen = new LinkedHashMap<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--help", "-h" -> {
                        list(System.out);
                        return;
                    }
                    case "--speed" -> speed = speed(value(args, ++i, "--speed"));
                    case "--jdbc-url" -> System.setProperty(DatabaseWrites.JDBC_URL, value(args, ++i, "--jdbc-url"));
                    case "all" -> DEMOS.forEach(demo -> chosen.put(demo.name(), demo));
                    default -> chosen.put(args[i], find(args[i]));
                }
            }
        } catch (final IllegalArgumentException e) {
            // A mistyped command line is the user's to fix: say what is wrong and how to ask, not a stack trace.
            System.err.println("mproc demos: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
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
        if (name.startsWith("-")) {
            throw new IllegalArgumentException("unknown option " + name);
        }
        return DEMOS.stream().filter(demo -> demo.name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no demo named '" + name + "'; --help lists them"));
    }

    private static String value(final String[] args, final int index, final String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static double speed(final String value) {
        final double speed;
        try {
            speed = Double.parseDouble(value);
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("--speed needs a number, not '" + value + "'");
        }
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("--speed needs a positive number, not " + value);
        }
        return speed;
    }

    private static void list(final PrintStream out) {
        out.println("mproc demos: Python's multiprocessing, the article's examples, on the JVM");
        out.println(USAGE);
        out.println();
        for (final Demo demo : DEMOS) {
            out.printf("  %-22s %s%n", demo.name(), demo.title());
        }
    }
}
