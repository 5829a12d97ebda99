package dev.mproc.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes what a run measured: {@code REPORT.md} (the headline ratios beside the previous run's, then every row with
 * its medians, ranges and ratio of medians, each section marked when the machine was busy and followed by its
 * {@linkplain Scenarios#COSTS time per operation} where it has one), {@code throughput.svg},
 * {@code figures.tsv} (every key's median and range) and, for a quiet or forced run, {@code ratios.tsv}.
 */
final class ReportWriter {

    private final Map<String, String> machine;
    private final Rounds.Run run;
    private final Map<String, Spread> spreads;
    private final Map<String, String> methods;
    private final PreviousRun previous;
    private final int cores;
    private final boolean force;

    /**
     * @param machine  what the run ran on, for the machine table
     * @param run      the figures and loads of the run
     * @param methods  the start method of each Python figure, by key
     * @param previous the last quiet run's ratios
     * @param cores    the machine's cores
     * @param force    whether to write headline figures even from a busy run
     */
    ReportWriter(final Map<String, String> machine, final Rounds.Run run, final Map<String, String> methods,
                 final PreviousRun previous, final int cores, final boolean force) {
        this.machine = machine;
        this.run = run;
        this.spreads = run.spreads();
        this.methods = methods;
        this.previous = previous;
        this.cores = cores;
        this.force = force;
    }

    /**
     * @param out      the report's directory
     * @param complete whether every section ran: only a complete run, quiet or forced, becomes the next run's
     *                 previous run
     * @throws IOException when a file cannot be written
     */
    void write(final Path out, final boolean complete) throws IOException {
        Files.writeString(out.resolve("REPORT.md"), markdown(), StandardCharsets.UTF_8);
        final Map<String, Figure> medians = new LinkedHashMap<>();
        spreads.forEach((key, spread) -> medians.put(key, spread.median()));
        Files.writeString(out.resolve("throughput.svg"), Chart.svg(Scenarios.CHART, medians), StandardCharsets.UTF_8);
        final StringBuilder raw = new StringBuilder("key\tmedian\tlow\thigh\trounds\tunit\n");
        spreads.forEach((key, s) -> raw.append(String.format(Locale.ROOT, "%s\t%.4f\t%.4f\t%.4f\t%d\t%s%n", key,
            s.median().value(), s.low(), s.high(), s.rounds(), s.median().unit())));
        Files.writeString(out.resolve("figures.tsv"), raw, StandardCharsets.UTF_8);
        if (complete && (quiet() || force)) {
            final List<Double> ratios = new ArrayList<>();
            Scenarios.ROWS.forEach(row -> ratios.add(ratio(row)));
            PreviousRun.write(out, machine.getOrDefault("date", ""), Scenarios.ROWS, ratios);
        }
    }

    /** @return whether no block of the run found the machine busy */
    boolean quiet() {
        return run.loads().keySet().stream().noneMatch(group -> run.busy(group, cores));
    }

    String markdown() {
        final StringBuilder md = new StringBuilder("# mproc benchmark report\n\n");
        md.append("Every mproc figure beside its baselines, measured in one run: JMH for the JVM side, the scripts\n")
            .append("in `bench/src/main/python` for Python's `multiprocessing`. Each primitive runs in interleaved\n")
            .append("rounds (JVM, Python, JVM, Python, ...); a figure is the median of its rounds, with their range,\n")
            .append("and a ratio is the ratio of the two medians: how many times better mproc is (a higher rate, or ")
            .append("a\n")
            .append("lower time); below 1 the baseline wins. Before every round the report samples how many cores\n")
            .append("other programs use; a section where they used more than half the machine is marked busy, and a\n")
            .append("busy run writes no headline figures unless forced. \"Cold\" rows are a fresh JVM's first\n")
            .append("operations, JIT warm-up included, as a short program sees them; the others are warmed up.\n\n");
        md.append("| machine | |\n|---|---|\n");
        machine.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append('\n');
        headlines(md);
        loads(md);
        md.append("\n![Throughput by message size](throughput.svg)\n");
        final Set<String> groups = new LinkedHashSet<>();
        Scenarios.ROWS.forEach(row -> groups.add(row.group()));
        for (final String group : groups) {
            if (run.loads().containsKey(group)) {
                section(md, group);
            }
        }
        return md.toString();
    }

    private void section(final StringBuilder md, final String group) {
        md.append("\n## ").append(group).append(busyMark(group)).append("\n\n")
            .append("| scenario | mproc | baseline | baseline figure | ratio | previous run |\n")
            .append("|---|---:|---|---:|---:|---:|\n");
        for (final Scenario row : Scenarios.ROWS) {
            if (row.group().equals(group)) {
                md.append("| ").append(row.name()).append(" | ").append(pretty(row.mproc())).append(" | ")
                    .append(against(row)).append(" | ").append(pretty(row.baseline())).append(" | ")
                    .append(format(ratio(row))).append(" | ").append(format(previous.ratio(row))).append(" |\n");
            }
        }
        final List<Cost> costs = Scenarios.COSTS.stream().filter(cost -> cost.group().equals(group)).toList();
        if (!costs.isEmpty()) {
            md.append("\nTime per task or call (the inverse of each median rate):\n\n");
            costs.forEach(cost -> md.append("- ").append(cost(cost)).append('\n'));
        }
    }

    /**
     * @param cost what one operation costs on several setups
     * @return it for people: {@code dict put, per call: Manager 31.2 µs, cluster of 2 members 812 µs}, with
     *     {@code not run} for a setup that has no figure in this run
     */
    String cost(final Cost cost) {
        final List<String> parts = new ArrayList<>();
        for (int i = 0; i < cost.keys().size(); i++) {
            final Spread spread = spreads.get(cost.keys().get(i));
            parts.add(cost.labels().get(i) + " " + (spread == null ? "not run" : perOperation(spread.median())));
        }
        return cost.what() + ": " + String.join(", ", parts);
    }

    private static String perOperation(final Figure figure) {
        if (!(figure.value() > 0)) {
            return "–";
        }
        final double micros = figure.higherIsBetter() ? 1e6 / figure.value() : figure.value();
        return new Figure(micros, Figure.TIME, 0).pretty();
    }

    private void headlines(final StringBuilder md) {
        md.append("## Headline ratios\n\n");
        if (!quiet() && !force) {
            md.append("No headline figures: other programs kept the machine busy during ")
                .append(String.join(", ", busyGroups()))
                .append(". Run the report again on a quiet machine, or pass `--force` to write them anyway.\n\n");
            return;
        }
        if (!quiet()) {
            md.append("**Forced:** measured while other programs kept the machine busy during ")
                .append(String.join(", ", busyGroups())).append(".\n\n");
        }
        final String before = previous.date().isEmpty() ? "previous run" : "previous run (" + previous.date() + ")";
        md.append("| scenario | baseline | ratio | ").append(before).append(" | reproduced within 25% |\n")
            .append("|---|---|---:|---:|---|\n");
        for (final Scenario row : Scenarios.ROWS) {
            if (row.headline() && run.loads().containsKey(row.group())) {
                final double now = ratio(row);
                final double then = previous.ratio(row);
                md.append("| ").append(row.group()).append(": ").append(row.name()).append(" | ").append(against(row))
                    .append(" | ").append(format(now)).append(" | ").append(format(then)).append(" | ")
                    .append(Double.isNaN(then) ? "–" : PreviousRun.reproduced(now, then) ? "yes" : "**no**")
                    .append(" |\n");
            }
        }
    }

    private void loads(final StringBuilder md) {
        md.append("\n| section | load average before its first round | most cores other programs used | busy |\n")
            .append("|---|---:|---:|---|\n");
        run.loads().forEach((group, loads) -> {
            final Load busiest = run.busiest(group);
            md.append("| ").append(group).append(" | ")
                .append(String.format(Locale.ROOT, "%.2f", loads.get(0).loadAverage())).append(" | ")
                .append(String.format(Locale.ROOT, "%.2f of %d", busiest.otherCores(), cores)).append(" | ")
                .append(run.busy(group, cores) ? "**busy**" : "no").append(" |\n");
        });
    }

    private List<String> busyGroups() {
        final List<String> busy = new ArrayList<>();
        run.loads().keySet().stream().filter(group -> run.busy(group, cores)).forEach(busy::add);
        return busy;
    }

    private String busyMark(final String group) {
        return run.busy(group, cores) ? " (measured on a busy machine)" : "";
    }

    private String against(final Scenario row) {
        final String method = methods.get(row.baseline());
        return method == null || row.against().contains(method) ? row.against()
            : row.against() + " (" + method + ")";
    }

    private String pretty(final String key) {
        final Spread spread = spreads.get(key);
        return spread == null ? "not run" : spread.pretty();
    }

    private double ratio(final Scenario row) {
        final Spread mine = spreads.get(row.mproc());
        final Spread base = spreads.get(row.baseline());
        return mine == null || base == null ? Double.NaN : ratio(mine.median(), base.median());
    }

    /**
     * @param mine mproc's figure
     * @param base the baseline's figure, in the same kind of unit
     * @return how many times better mproc's is (higher rate, or lower time); NaN when either is missing or not positive
     */
    static double ratio(final Figure mine, final Figure base) {
        if (mine == null || base == null || mine.value() <= 0 || base.value() <= 0) {
            return Double.NaN;
        }
        if (mine.higherIsBetter() != base.higherIsBetter()) {
            throw new IllegalArgumentException("a rate and a time do not compare: " + mine + ", " + base);
        }
        return mine.higherIsBetter() ? mine.value() / base.value() : base.value() / mine.value();
    }

    /**
     * @param ratio a ratio, NaN when there is none
     * @return it for people: {@code 39×}, {@code 4.00×}, {@code 0.0041×}, {@code –}
     */
    static String format(final double ratio) {
        if (Double.isNaN(ratio)) {
            return "–";
        }
        return String.format(Locale.ROOT, ratio >= 10 ? "%.0f×" : ratio >= 0.01 ? "%.2f×" : "%.4f×", ratio);
    }
}
