package dev.mproc.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's arithmetic: units normalized, ratios in mproc's favour, the chart drawn from what was measured. */
class ReportTest {

    @Test
    void shouldNormalizeRatesToPerSecondAndTimesToMicroseconds() {
        assertEquals(new Figure(2_000, Figure.RATE, 100), Figure.of(2, "ops/ms", 0.1));
        assertEquals(new Figure(5e6, Figure.RATE, 0), Figure.of(5, "ops/us", 0));
        assertEquals(new Figure(74_000, Figure.RATE, 0), Figure.of(74_000, "items/s", 0));
        assertEquals(new Figure(1_500, Figure.TIME, 0), Figure.of(1.5, "ms/op", 0));
        assertEquals(new Figure(0.25, Figure.TIME, 0), Figure.of(250, "ns/op", 0));
        assertEquals(new Figure(135_000, Figure.TIME, 0), Figure.of(135, "ms", 0));
        assertThrows(IllegalArgumentException.class, () -> Figure.of(1, "furlongs", 0));
        assertEquals("1.50 M ops/s", Figure.of(1.5e6, "ops/s", 0).pretty());
        assertEquals("145.2 ms", Figure.of(145.2, "ms/op", 0).pretty());
    }

    @Test
    void shouldStateRatiosAsHowManyTimesBetterMprocIs() {
        assertEquals("4.00×", ratio(Figure.of(400, "ops/s", 0), Figure.of(100, "ops/s", 0)));
        assertEquals("0.50×", ratio(Figure.of(20, "us/op", 0), Figure.of(10, "us/op", 0)),
            "a time twice as long is half as good");
        assertEquals("39×", ratio(Figure.of(3.9e6, "ops/s", 0), Figure.of(1e5, "ops/s", 0)));
        assertEquals("0.0041×", ratio(Figure.of(424, "us/op", 0), Figure.of(1.74, "us/op", 0)));
        assertEquals("–", ratio(null, Figure.of(1, "ops/s", 0)), "a scenario not run has no ratio");
        assertThrows(IllegalArgumentException.class,
            () -> ReportWriter.ratio(Figure.of(1, "ops/s", 0), Figure.of(1, "us/op", 0)));
        assertEquals(new Figure(100_000, Figure.RATE, 0), Figure.of(10, "us/op", 0).perSecond(),
            "a cold benchmark's time per operation compares as a rate");
    }

    private static String ratio(final Figure mine, final Figure base) {
        return ReportWriter.format(ReportWriter.ratio(mine, base));
    }

    @Test
    void shouldChartOnlyWhatWasMeasuredInMegabytesPerSecond() {
        final List<Series> series = List.of(new Series("pipe", "#000", Map.of(64, "a", 4096, "b")),
            new Series("python", "#111", Map.of(64, "c")));
        final String svg = Chart.svg(series, Map.of("a", Figure.of(1e6, "ops/s", 0), "c", Figure.of(1e5, "ops/s", 0)));
        assertTrue(svg.contains("pipe, 64 B: 64.0 MB/s"), svg);
        assertTrue(svg.contains("python, 64 B: 6.4 MB/s"), svg);
        assertFalse(svg.contains("pipe, 4 KiB"), "no bar for a figure that was not measured");
    }

    /** Whether the key's benchmark method exists and, for an auxiliary counter, one of its states counts it. */
    private static boolean benchmarkProduces(final String key) {
        final String[] classAndRest = key.split("\\.", 2);
        final String method = classAndRest[1].replaceAll("[\\[:].*", "");
        final String counter = key.matches(".*:(?!p50$|p99$)[a-z]\\w*")
            ? key.substring(key.lastIndexOf(':') + 1) : null;
        try {
            final Class<?> benchmark = Class.forName("dev.mproc.bench." + classAndRest[0]);
            for (final java.lang.reflect.Method candidate : benchmark.getMethods()) {
                if (!candidate.getName().equals(method)
                    || !candidate.isAnnotationPresent(org.openjdk.jmh.annotations.Benchmark.class)) {
                    continue;
                }
                if (counter == null) {
                    return true;
                }
                for (final Class<?> state : candidate.getParameterTypes()) {
                    if (state.isAnnotationPresent(org.openjdk.jmh.annotations.AuxCounters.class)) {
                        state.getField(counter);
                        return true;
                    }
                }
            }
            return false;
        } catch (final ReflectiveOperationException e) {
            return false;
        }
    }

    @Test
    void shouldChartAndTabulateOnlyKeysThatTheBenchmarksProduce() {
        for (final Series series : Scenarios.CHART) {
            for (final String key : series.bySize().values()) {
                assertTrue(key.startsWith("python:") || key.matches("[A-Z]\\w+Benchmark\\.\\w+(\\[.*])?"), key);
            }
        }
        final java.util.Set<String> groups = new java.util.HashSet<>();
        Scenarios.BLOCKS.forEach(block -> groups.add(block.group()));
        for (final Scenario row : Scenarios.ROWS) {
            assertTrue(row.mproc().matches("[A-Z]\\w+Benchmark\\.\\w+(\\[.*])?(:p50|:p99|:[a-z]\\w*)?"), row.mproc());
            assertTrue(benchmarkProduces(row.mproc()), "no benchmark or counter gives " + row.mproc());
            assertTrue(groups.contains(row.group()), "every row belongs to a block that runs it: " + row);
        }
        for (final Cost cost : Scenarios.COSTS) {
            assertTrue(groups.contains(cost.group()), "every cost belongs to a block that runs it: " + cost);
            cost.keys().forEach(key -> assertTrue(benchmarkProduces(key), "no benchmark gives " + key));
        }
    }

    @Test
    void shouldStateWhatATaskOrCallCostsBelowItsSection() throws Exception {
        final Cost put = Scenarios.COSTS.stream().filter(c -> c.what().startsWith("dict put")).findFirst()
            .orElseThrow();
        final Rounds.Run run = new Rounds(block -> Map.of("ManagerBenchmark.mapPut", Figure.of(40_000, "ops/s", 0),
            "ClusterBenchmark.dictPut[members=2]", Figure.of(1_250, "ops/s", 0),
            "ClusterBenchmark.mapChunksize1[members=3]", Figure.of(0, "ops/s", 0)), null, () -> new Load(0.1, 0.1), 1)
            .run(List.of(new Block("Cluster", "c", null, null).once()));
        final ReportWriter writer = new ReportWriter(Map.of(), run, Map.of(), PreviousRun.none(), 2, false);
        assertEquals("dict put, per call: Manager 25.0 µs, cluster of 2 members 800 µs, cluster of 3 members not run",
            writer.cost(put));
        final String md = writer.markdown();
        assertTrue(md.contains("## Cluster\n"), md);
        assertTrue(md.contains("Time per task or call (the inverse of each median rate):\n\n- map, chunksize 1, per"
            + " task: local pool not run, cluster of 2 members not run, cluster of 3 members –\n"), md);
        assertTrue(md.contains("- dict put, per call: Manager 25.0 µs, cluster of 2 members 800 µs"), md);
        assertTrue(md.indexOf("| dict put round trips, one client, cluster of 2 members | 1.2 k ops/s") < md.indexOf(
            "Time per task or call"), "the costs follow their section's table: " + md);
        assertThrows(IllegalArgumentException.class, () -> new Cost("g", "w", List.of("a"), List.of()));
    }
}
