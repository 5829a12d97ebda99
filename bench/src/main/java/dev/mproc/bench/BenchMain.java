package dev.mproc.bench;

import dev.mproc.bench.report.Report;
import java.util.Arrays;

/**
 * The benchmarks jar's entry point: {@code report [options]} runs the whole comparison and writes the report;
 * anything else goes to JMH's own command line ({@code -h} lists its options).
 */
public final class BenchMain {

    private BenchMain() {
    }

    /**
     * @param args {@code report ...} or JMH's arguments
     * @throws Exception when a run fails
     */
    public static void main(final String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("report")) {
            Report.main(Arrays.copyOfRange(args, 1, args.length));
        } else {
            org.openjdk.jmh.Main.main(args);
        }
    }
}
