package dev.mproc.bench.report;

import java.util.List;

/**
 * What the report compares: each mproc figure with its baseline, and the chart's series. Keys are
 * {@code SimpleBenchmarkClass.method[param=value,...]} for JMH (with {@code :p50}/{@code :p99} for sampled times) and
 * {@code python:<scenario>} for the Python scripts.
 */
final class Scenarios {

    /** The Python scripts (resources under {@code /python}) run before JMH; each prints scenario lines. */
    static final List<String> PYTHON_SCRIPTS = List.of("process_spawn.py");

    static final List<Scenario> ROWS = List.of(
        new Scenario("Process", "start and join of a trivial task (median)",
            "ProcessStartBenchmark.mprocProcessStartJoin:p50", "ProcessStartBenchmark.baselineBareJvmStartJoin:p50",
            "bare JVM start (empty main)"),
        new Scenario("Process", "start and join of a trivial task (median)",
            "ProcessStartBenchmark.mprocProcessStartJoin:p50", "python:python-process-start-join-median",
            "Python Process, spawn"));

    static final List<Series> CHART = List.of();

    private Scenarios() {
    }
}
