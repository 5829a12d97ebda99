package dev.mproc.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ratios of the last quiet run, kept in {@code ratios.tsv} beside the report so that the next run shows both and
 * says whether each headline reproduced. A run that was busy (and not forced) leaves the file as it was.
 *
 * <p>Format: a first line {@code # date=<ISO date>}, then one line per row: {@code mproc key, baseline key, ratio}
 * separated by tabs.
 */
final class PreviousRun {

    /** The file's name in the report's directory. */
    static final String FILE = "ratios.tsv";

    /** How far a ratio may move between two runs and still count as reproduced: 25%. */
    static final double TOLERANCE = 0.25;

    private final String date;
    private final Map<String, Double> ratios;

    private PreviousRun(final String date, final Map<String, Double> ratios) {
        this.date = date;
        this.ratios = ratios;
    }

    /** @return a previous run that has no ratio */
    static PreviousRun none() {
        return new PreviousRun("", Map.of());
    }

    /**
     * @param dir the report's directory
     * @return the ratios written there by the last quiet run, or none
     * @throws IOException when the file exists but cannot be read
     */
    static PreviousRun read(final Path dir) throws IOException {
        final Path file = dir.resolve(FILE);
        if (!Files.isReadable(file)) {
            return none();
        }
        String date = "";
        final Map<String, Double> ratios = new HashMap<>();
        for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("# date=")) {
                date = line.substring("# date=".length()).trim();
            } else if (!line.isBlank() && !line.startsWith("#")) {
                final String[] fields = line.split("\t");
                if (fields.length == 3) {
                    ratios.put(id(fields[0], fields[1]), Double.parseDouble(fields[2]));
                }
            }
        }
        return new PreviousRun(date, ratios);
    }

    /**
     * @param dir    the report's directory
     * @param date   this run's date
     * @param rows   the rows
     * @param ratios this run's ratio of each row (NaN when not measured)
     * @throws IOException when the file cannot be written
     */
    static void write(final Path dir, final String date, final List<Scenario> rows, final List<Double> ratios)
        throws IOException {
        final StringBuilder tsv = new StringBuilder("# date=").append(date).append('\n');
        for (int i = 0; i < rows.size(); i++) {
            if (!Double.isNaN(ratios.get(i))) {
                tsv.append(rows.get(i).mproc()).append('\t').append(rows.get(i).baseline()).append('\t')
                    .append(String.format(Locale.ROOT, "%.6g", ratios.get(i))).append('\n');
            }
        }
        Files.writeString(dir.resolve(FILE), tsv, StandardCharsets.UTF_8);
    }

    /** @return the previous run's date, empty when there was none */
    String date() {
        return date;
    }

    /**
     * @param row a row of the report
     * @return its ratio in the previous run, NaN when it had none
     */
    double ratio(final Scenario row) {
        return ratios.getOrDefault(id(row.mproc(), row.baseline()), Double.NaN);
    }

    /**
     * @param now    a ratio of this run
     * @param before the same ratio in the previous run
     * @return whether they agree within {@link #TOLERANCE} of the previous one
     */
    static boolean reproduced(final double now, final double before) {
        return !Double.isNaN(now) && !Double.isNaN(before) && Math.abs(now - before) <= TOLERANCE * before;
    }

    private static String id(final String mproc, final String baseline) {
        return mproc + '\t' + baseline;
    }
}
