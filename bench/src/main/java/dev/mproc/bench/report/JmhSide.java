package dev.mproc.bench.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The JVM side of a round: the block's JMH benchmarks in one fork each, then its cold benchmarks with the forks,
 * iterations and modes their annotations give (a cold figure is a fresh JVM's first invocation, so no option here may
 * add a warm-up to it).
 */
final class JmhSide implements Rounds.Side {

    /** Benchmarks the report has no row for (a manual experiment), kept out of its rounds. */
    private static final String EXCLUDED = ".*PipeBenchmark\\.pythonSendBytes64";

    /**
     * An iteration still running after this is hung, not slow (the longest takes seconds): it is reported as a failed
     * benchmark, missing from its round, instead of holding the report for JMH's default ten minutes.
     */
    private static final TimeValue HUNG = TimeValue.minutes(2);

    private final boolean full;

    /** @param full whether to use the annotations' iterations instead of the quick ones */
    JmhSide(final boolean full) {
        this.full = full;
    }

    @Override
    public Map<String, Figure> run(final Block block) throws RunnerException {
        final Map<String, Figure> figures = new TreeMap<>();
        // Forks and JVM flags stay with the benchmarks' own @Fork annotations (one fork, three for the figures that
        // settle differently in each JVM; Chronicle's opens): options set here would replace them. A
        // failing benchmark is left out of the round rather than ending the report.
        final ChainedOptionsBuilder warm = new OptionsBuilder().include(block.jmh()).exclude(EXCLUDED)
            .shouldFailOnError(false).timeout(HUNG);
        if (!full) {
            warm.warmupIterations(1).warmupTime(TimeValue.seconds(block.iterationScale()))
                .measurementIterations(2).measurementTime(TimeValue.seconds(block.iterationScale()));
        } else if (block.iterationScale() > 1) {
            // The full mode's Python iterations are 3 s each, scaled as the block asks.
            warm.warmupTime(TimeValue.seconds(3L * block.iterationScale()))
                .measurementTime(TimeValue.seconds(3L * block.iterationScale()));
        }
        collect(new Runner(warm.build()).run(), figures);
        if (block.cold() != null) {
            collect(new Runner(new OptionsBuilder().include(block.cold()).shouldFailOnError(false).timeout(HUNG)
                .build()).run(), figures);
        }
        return figures;
    }

    private static void collect(final Collection<RunResult> results, final Map<String, Figure> figures) {
        for (final RunResult result : results) {
            final String key = key(result);
            final Result<?> primary = result.getPrimaryResult();
            final Figure figure = Figure.of(primary.getScore(), primary.getScoreUnit(), primary.getScoreError());
            if (key.contains("ColdBenchmark.")) {
                // A cold benchmark times operations one shot at a time; the report compares them as rates.
                figures.put(key, figure.perSecond());
                continue;
            }
            figures.put(key, figure);
            // Auxiliary counters, such as the contended increments' count of both processes.
            final Map<String, ? extends Result<?>> secondaries = auxiliary(result);
            for (final Map.Entry<String, ? extends Result<?>> secondary : secondaries.entrySet()) {
                final Result<?> aux = secondary.getValue();
                figures.put(key + ":" + secondary.getKey(), Figure.of(aux.getScore(), aux.getScoreUnit(),
                    aux.getScoreError()));
            }
            if (primary.getStatistics().getN() > 0 && primary.getScoreUnit().endsWith("/op")) {
                figures.put(key + ":p50", Figure.of(primary.getStatistics().getPercentile(50),
                    primary.getScoreUnit(), 0));
                figures.put(key + ":p99", Figure.of(primary.getStatistics().getPercentile(99),
                    primary.getScoreUnit(), 0));
            }
        }
    }

    /** JMH declares its secondary results with a raw {@code Result}; this gives them their type. */
    private static Map<String, ? extends Result<?>> auxiliary(final RunResult result) {
        final Map<String, Result<?>> typed = new TreeMap<>();
        for (final String name : result.getSecondaryResults().keySet()) {
            typed.put(name, result.getSecondaryResults().get(name));
        }
        return typed;
    }

    /**
     * @param result a benchmark's result
     * @return {@code SimpleClass.method} and its parameters in name order: {@code PipeBenchmark.sendBytes[size=64]}
     */
    static String key(final RunResult result) {
        final String benchmark = result.getParams().getBenchmark();
        final String[] parts = benchmark.split("\\.");
        final StringBuilder key = new StringBuilder(parts[parts.length - 2]).append('.')
            .append(parts[parts.length - 1]);
        final List<String> params = new ArrayList<>();
        for (final String name : new TreeSet<>(result.getParams().getParamsKeys())) {
            params.add(name + "=" + result.getParams().getParam(name));
        }
        if (!params.isEmpty()) {
            key.append('[').append(String.join(",", params)).append(']');
        }
        return key.toString();
    }
}
