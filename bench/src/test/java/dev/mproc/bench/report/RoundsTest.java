package dev.mproc.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rounds: sides interleaved, medians and ranges, ratios of medians, busy sections and headlines withheld. */
class RoundsTest {

    private static final Block QUEUE = new Block("Queue", "q", null, "queue.py");
    private static final Block PROCESS = new Block("Process", "p", null, null);
    private static final Load QUIET = new Load(0.2, 0.1);
    private static final Load BUSY = new Load(2.5, 1.9);

    @Test
    void shouldAlternateTheJvmAndPythonSidesRoundByRound() throws Exception {
        final List<String> calls = new ArrayList<>();
        final Rounds rounds = new Rounds(block -> record(calls, "jvm", block), block -> record(calls, "python", block),
            () -> QUIET, 3);
        rounds.run(List.of(QUEUE, PROCESS));
        assertEquals(List.of("jvm Queue", "python Queue", "jvm Queue", "python Queue", "jvm Queue", "python Queue",
            "jvm Process", "jvm Process", "jvm Process"), calls, "a block without a Python script runs the JVM only");
        assertThrows(IllegalArgumentException.class, () -> new Rounds(b -> Map.of(), null, () -> QUIET, 0));
    }

    @Test
    void shouldGiveABlockThatSettlesPerForkItsExtraRounds() throws Exception {
        final List<String> calls = new ArrayList<>();
        new Rounds(block -> record(calls, "jvm", block), block -> record(calls, "python", block), () -> QUIET, 1)
            .run(List.of(QUEUE.settlingPerFork(), PROCESS));
        assertEquals(List.of("jvm Queue", "python Queue", "jvm Queue", "python Queue", "jvm Queue", "python Queue",
            "jvm Process"), calls);
        assertTrue(Scenarios.BLOCKS.stream().filter(b -> b.extra() > 0).map(Block::group).toList()
            .containsAll(List.of("Queue", "Shared memory", "Manager")));
    }

    @Test
    void shouldRunABlockWithoutAPythonSideOnceWhenItAsks() throws Exception {
        final List<String> calls = new ArrayList<>();
        final Block cluster = new Block("Cluster", "c", null, null).once();
        new Rounds(block -> record(calls, "jvm", block), block -> record(calls, "python", block), () -> QUIET, 3)
            .run(List.of(cluster, PROCESS));
        assertEquals(List.of("jvm Cluster", "jvm Process", "jvm Process", "jvm Process"), calls);
        assertEquals(1, cluster.longerIterations(2).rounds(3), "the scale keeps the single round");
        assertThrows(IllegalArgumentException.class, QUEUE::once, "a block with a Python side interleaves");
        assertThrows(IllegalArgumentException.class, () -> PROCESS.settlingPerFork().once());
        final Block report = block("Cluster");
        assertTrue(report.single() && report.python() == null, "the report's cluster block: " + report);
    }

    @Test
    void shouldGiveBothSidesOfARoundTripBlockTheSameLongerIterations() throws Exception {
        final Block manager = block("Manager");
        assertEquals(3, manager.iterationScale(), "the Manager's round trips swing within seconds");
        assertEquals(2, block("Pipe").iterationScale(), "Python's stream of small messages swings within seconds");
        assertEquals(1, QUEUE.iterationScale());
        assertEquals(manager.extra(), manager.longerIterations(2).extra(), "the scale keeps the extra rounds");
        assertThrows(IllegalArgumentException.class, () -> QUEUE.longerIterations(0));
        final Block echo = new Block("Echo", "e", null, "echo_seconds.py");
        try (PythonSide python = new PythonSide(1, List.of("echo_seconds.py"))) {
            // Seconds, as the report keeps times: in microseconds.
            assertEquals(1e6, python.run(echo).get("python:iteration-seconds").value());
            assertEquals(3e6, python.run(echo.longerIterations(3)).get("python:iteration-seconds").value());
        }
    }

    @Test
    void shouldTakeTheMedianOfTheRoundsAndKeepTheirRange() {
        final Spread odd = Spread.of(List.of(rate(300), rate(100), rate(200)));
        assertEquals(200, odd.median().value());
        assertEquals(100, odd.low());
        assertEquals(300, odd.high());
        assertEquals(3, odd.rounds());
        assertEquals(250, Spread.of(List.of(rate(100), rate(200), rate(300), rate(400))).median().value(),
            "an even count takes the mean of the middle two");
        assertEquals("200.0 ops/s (100.0–300.0)", odd.pretty());
        assertThrows(IllegalArgumentException.class, () -> Spread.of(List.of(rate(1), Figure.of(1, "us/op", 0))));
    }

    @Test
    void shouldRateEachRowByTheRatioOfItsMedians() throws Exception {
        final Iterator<Double> jvm = List.of(1000.0, 3000.0, 2000.0).iterator();
        final Iterator<Double> python = List.of(100.0, 900.0, 200.0).iterator();
        final Rounds.Run run = new Rounds(block -> Map.of("QueueBenchmark.queue[itemSize=64,producers=1]",
            rate(jvm.next())), block -> Map.of("python:python-queue-64B-1-producers", rate(python.next())),
            () -> QUIET, 3).run(List.of(QUEUE));
        final String md = new ReportWriter(Map.of("date", "2026-12-02"), run, Map.of(
            "python:python-queue-64B-1-producers", "fork"), PreviousRun.none(), 2, false).markdown();
        // Medians 2000 and 200: 10×; neither the mean of the ratios (about 7.2×) nor the ratio of means (5×).
        assertTrue(md.contains("| 64 B items, 1 producer | 2.0 k ops/s (1.0 k–3.0 k) | Python multiprocessing Queue "
            + "(fork) | 200.0 ops/s (100.0–900.0) | 10× |"), md);
    }

    @Test
    void shouldMarkABusySectionAndWithholdTheHeadlinesUnlessForced() throws Exception {
        final Iterator<Load> loads = List.of(QUIET, QUIET, BUSY, QUIET, QUIET, QUIET, QUIET, QUIET, QUIET).iterator();
        final Rounds.Run run = new Rounds(block -> Map.of("QueueBenchmark.queue[itemSize=64,producers=1]", rate(2)),
            block -> Map.of("python:python-queue-64B-1-producers", rate(1)), loads::next, 3)
            .run(List.of(QUEUE, PROCESS));
        assertTrue(run.busy("Queue", 2), "one busy sample marks its section");
        assertFalse(run.busy("Process", 2));
        assertEquals(BUSY, run.busiest("Queue"));

        final ReportWriter unforced = new ReportWriter(Map.of(), run, Map.of(), PreviousRun.none(), 2, false);
        final String md = unforced.markdown();
        assertFalse(unforced.quiet());
        assertTrue(md.contains("## Queue (measured on a busy machine)"), md);
        assertTrue(md.contains("## Process\n"), md);
        assertTrue(md.contains("No headline figures: other programs kept the machine busy during Queue."), md);
        assertFalse(md.contains("| reproduced within 25% |"), "no headline table from a busy run");

        final String forced = new ReportWriter(Map.of(), run, Map.of(), PreviousRun.none(), 2, true).markdown();
        assertTrue(forced.contains("**Forced:**"), forced);
        assertTrue(forced.contains("| Queue: 64 B items, 1 producer | Python multiprocessing Queue | 2.00× | – | – |"),
            forced);
    }

    @Test
    void shouldCompareEachHeadlineWithThePreviousQuietRun(@TempDir final Path dir) throws Exception {
        final Rounds.Run first = new Rounds(block -> Map.of("QueueBenchmark.queue[itemSize=64,producers=1]",
            rate(4)), block -> Map.of("python:python-queue-64B-1-producers", rate(1)), () -> QUIET, 1)
            .run(List.of(QUEUE));
        new ReportWriter(Map.of("date", "2026-12-01"), first, Map.of(), PreviousRun.read(dir), 2, false)
            .write(dir, true);
        final Rounds.Run second = new Rounds(block -> Map.of("QueueBenchmark.queue[itemSize=64,producers=1]",
            rate(3.2)), block -> Map.of("python:python-queue-64B-1-producers", rate(1)), () -> QUIET, 1)
            .run(List.of(QUEUE));
        final String md = new ReportWriter(Map.of(), second, Map.of(), PreviousRun.read(dir), 2, false).markdown();
        assertTrue(md.contains("| previous run (2026-12-01) |"), md);
        assertTrue(md.contains(
            "| Queue: 64 B items, 1 producer | Python multiprocessing Queue | 3.20× | 4.00× | yes |"),
            "a ratio 20% lower reproduces: " + md);
        assertTrue(PreviousRun.reproduced(5.0, 4.0));
        assertFalse(PreviousRun.reproduced(5.1, 4.0), "26% higher does not");
        assertFalse(PreviousRun.reproduced(2.9, 4.0));
    }

    @Test
    void shouldReadTheScenarioLinesAndStartMethodOfAPythonScript() {
        final Map<String, Figure> figures = new java.util.TreeMap<>();
        final Map<String, String> methods = new java.util.TreeMap<>();
        PythonSide.parse("scenario=python-pool-map-chunksize-1 value=61234.5 unit=tasks/s method=fork", figures,
            methods);
        PythonSide.parse("# a comment line", figures, methods);
        assertEquals(Map.of("python:python-pool-map-chunksize-1", new Figure(61234.5, Figure.RATE, 0)), figures);
        assertEquals(Map.of("python:python-pool-map-chunksize-1", "fork"), methods);
    }

    private static Map<String, Figure> record(final List<String> calls, final String side, final Block block) {
        calls.add(side + " " + block.group());
        return Map.of();
    }

    private static Figure rate(final double perSecond) {
        return Figure.of(perSecond, "ops/s", 0);
    }

    private static Block block(final String group) {
        return Scenarios.BLOCKS.stream().filter(b -> b.group().equals(group)).findFirst().orElseThrow();
    }
}
