package dev.mproc.bench.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH suite and the Python {@code multiprocessing} scripts in one session, and writes {@code REPORT.md} (each
 * scenario, mproc's figure, its baseline, the ratio), {@code throughput.svg} (the chart) and the raw figures.
 *
 * <p>{@code java -jar bench/target/mproc-bench.jar report [--full] [--include REGEX] [--out DIR] [--no-python]}.
 * The quick mode (the default) runs every benchmark in one fork with short iterations: a few minutes on 2 cores.
 */
public final class Report {

    private final Map<String, Figure> figures = new TreeMap<>();
    private final Map<String, String> machine = new LinkedHashMap<>();

    private Report() {
    }

    /**
     * @param args the options above
     * @throws Exception when a benchmark run fails
     */
    public static void main(final String[] args) throws Exception {
        boolean full = false;
        boolean python = true;
        String include = "dev\\.mproc\\.bench\\..*Benchmark.*";
        Path out = Path.of("bench", "report");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--full" -> full = true;
                case "--no-python" -> python = false;
                case "--include" -> include = args[++i];
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                    + "; use [--full] [--include REGEX] [--out DIR] [--no-python]");
            }
        }
        final Report report = new Report();
        report.describeMachine();
        final double pythonSeconds = full ? 3 : 1;
        if (python) {
            report.runPython(pythonSeconds);
        }
        report.runJmh(include, full);
        Files.createDirectories(out);
        report.write(out);
        System.out.println("report written to " + out.toAbsolutePath().resolve("REPORT.md"));
    }

    private void describeMachine() throws IOException {
        machine.put("date", LocalDate.now().toString());
        machine.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        machine.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"));
        machine.put("Python", command(List.of("python3", "--version")).orElse("not found"));
        final Path loadavg = Path.of("/proc/loadavg");
        if (Files.isReadable(loadavg)) {
            machine.put("load average at start", Files.readString(loadavg).trim().split(" ")[0]);
        }
    }

    private void runJmh(final String include, final boolean full) throws Exception {
        // JVM flags stay with the benchmarks' own @Fork annotations (Agrona's export, Chronicle's opens): options set
        // here would replace them. A failing benchmark is reported as not run rather than ending the report.
        final ChainedOptionsBuilder options = new OptionsBuilder()
            .include(include)
            .forks(1)
            .shouldFailOnError(false);
        if (!full) {
            options.warmupIterations(1).warmupTime(TimeValue.seconds(1))
                .measurementIterations(3).measurementTime(TimeValue.seconds(1));
        }
        final Collection<RunResult> results = new Runner(options.build()).run();
        for (final RunResult result : results) {
            final String key = key(result);
            final Result<?> primary = result.getPrimaryResult();
            figures.put(key, Figure.of(primary.getScore(), primary.getScoreUnit(), primary.getScoreError()));
            if (primary.getStatistics().getN() > 0 && primary.getScoreUnit().endsWith("/op")) {
                figures.put(key + ":p50", Figure.of(primary.getStatistics().getPercentile(50),
                    primary.getScoreUnit(), 0));
                figures.put(key + ":p99", Figure.of(primary.getStatistics().getPercentile(99),
                    primary.getScoreUnit(), 0));
            }
        }
    }

    /** {@code SimpleClass.method} and its parameters in name order: {@code PipeBenchmark.sendBytes[size=64]}. */
    static String key(final RunResult result) {
        final String benchmark = result.getParams().getBenchmark();
        final String[] parts = benchmark.split("\\.");
        final StringBuilder key = new StringBuilder(parts[parts.length - 2]).append('.').append(parts[parts.length - 1]);
        final List<String> params = new ArrayList<>();
        for (final String name : new java.util.TreeSet<>(result.getParams().getParamsKeys())) {
            params.add(name + "=" + result.getParams().getParam(name));
        }
        if (!params.isEmpty()) {
            key.append('[').append(String.join(",", params)).append(']');
        }
        return key.toString();
    }

    private void runPython(final double seconds) throws Exception {
        final Path scripts = Files.createTempDirectory("bench-python");
        try {
            for (final String script : Scenarios.PYTHON_SCRIPTS) {
                final Path file = scripts.resolve(script);
                try (var in = Report.class.getResourceAsStream("/python/" + script)) {
                    if (in == null) {
                        continue;
                    }
                    Files.copy(in, file);
                }
                System.out.println("# python3 " + script);
                for (final String line : run(List.of("python3", file.toString(),
                    String.format(Locale.ROOT, "%.1f", seconds)), 600)) {
                    System.out.println(line);
                    parseScenarioLine(line);
                }
            }
        } finally {
            try (var files = Files.list(scripts)) {
                for (final Path file : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(scripts);
        }
    }

    private void parseScenarioLine(final String line) {
        final Map<String, String> fields = new LinkedHashMap<>();
        for (final String part : line.trim().split("\\s+")) {
            final int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        if (fields.containsKey("scenario") && fields.containsKey("value") && fields.containsKey("unit")) {
            figures.put("python:" + fields.get("scenario"),
                Figure.of(Double.parseDouble(fields.get("value")), fields.get("unit"), 0));
        }
    }

    private void write(final Path out) throws IOException {
        Files.writeString(out.resolve("REPORT.md"), markdown(), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("throughput.svg"), Chart.svg(Scenarios.CHART, figures), StandardCharsets.UTF_8);
        final StringBuilder raw = new StringBuilder("key\tvalue\tunit\terror\n");
        figures.forEach((key, figure) -> raw.append(String.format(Locale.ROOT, "%s\t%.4f\t%s\t%.4f%n", key,
            figure.value(), figure.unit(), figure.error())));
        Files.writeString(out.resolve("figures.tsv"), raw, StandardCharsets.UTF_8);
    }

    String markdown() {
        final StringBuilder md = new StringBuilder("# mproc benchmark report\n\n");
        md.append("Every mproc figure beside its baseline, measured in the same run (JMH for the JVM side, the\n")
            .append("scripts in `bench/src/main/python` for Python's `multiprocessing`). Ratio: how many times better\n")
            .append("mproc is (higher rate, or lower time); below 1 means the baseline wins. The machine is shared and\n")
            .append("noisy: compare ratios, not absolute figures.\n\n");
        md.append("| machine | |\n|---|---|\n");
        machine.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append("\n![Throughput by message size](throughput.svg)\n\n");
        String group = "";
        for (final Scenario scenario : Scenarios.ROWS) {
            final Figure mine = figures.get(scenario.mproc());
            final Figure base = figures.get(scenario.baseline());
            if (!scenario.group().equals(group)) {
                group = scenario.group();
                md.append("\n## ").append(group).append("\n\n")
                    .append("| scenario | mproc | baseline | baseline figure | ratio |\n|---|---:|---|---:|---:|\n");
            }
            md.append("| ").append(scenario.name()).append(" | ").append(mine == null ? "not run" : mine.pretty())
                .append(" | ").append(scenario.against()).append(" | ")
                .append(base == null ? "not run" : base.pretty()).append(" | ").append(ratio(mine, base))
                .append(" |\n");
        }
        return md.toString();
    }

    static String ratio(final Figure mine, final Figure base) {
        if (mine == null || base == null || mine.value() <= 0 || base.value() <= 0) {
            return "–";
        }
        final double ratio = mine.higherIsBetter() ? mine.value() / base.value() : base.value() / mine.value();
        return String.format(Locale.ROOT, ratio >= 10 ? "%.0f×" : ratio >= 0.01 ? "%.2f×" : "%.4f×", ratio);
    }

    private static java.util.Optional<String> command(final List<String> command) {
        try {
            final List<String> lines = run(command, 30);
            return lines.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(lines.get(0));
        } catch (final IOException | InterruptedException e) {
            return java.util.Optional.empty();
        }
    }

    private static List<String> run(final List<String> command, final int timeoutSeconds)
        throws IOException, InterruptedException {
        final java.lang.Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        }
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return lines;
    }
}
