package dev.mproc.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The figures one key had over the rounds of a run: their median, which every ratio uses, and their range.
 *
 * @param median the median figure (the mean of the middle two for an even count)
 * @param low    the smallest value, in the median's unit
 * @param high   the largest value, in the median's unit
 * @param rounds how many figures
 */
public record Spread(Figure median, double low, double high, int rounds) {

    /**
     * @param figures the figures of one key, one per round, all in one unit
     * @return their median and range
     * @throws IllegalArgumentException when there is no figure, or units differ
     */
    public static Spread of(final List<Figure> figures) {
        if (figures.isEmpty()) {
            throw new IllegalArgumentException("no figure");
        }
        final String unit = figures.get(0).unit();
        if (figures.stream().anyMatch(f -> !f.unit().equals(unit))) {
            throw new IllegalArgumentException("mixed units: " + figures);
        }
        final List<Figure> sorted = new ArrayList<>(figures);
        sorted.sort(Comparator.comparingDouble(Figure::value));
        final int n = sorted.size();
        final Figure middle = sorted.get(n / 2);
        final Figure median = n % 2 == 1 ? middle
            : new Figure((sorted.get(n / 2 - 1).value() + middle.value()) / 2, unit,
                Math.max(sorted.get(n / 2 - 1).error(), middle.error()));
        return new Spread(median, sorted.get(0).value(), sorted.get(n - 1).value(), n);
    }

    /**
     * @return the median for people, with the range when there was more than one round:
     *     {@code 1.20 M ops/s (1.10 M–1.30 M)}, {@code 27.1 µs (25.0 µs–30.2 µs)}
     */
    public String pretty() {
        if (rounds < 2) {
            return median.pretty();
        }
        return median.pretty() + " (" + terse(low) + "–" + terse(high) + ")";
    }

    private String terse(final double value) {
        final String pretty = new Figure(value, median.unit(), 0).pretty();
        return median.higherIsBetter() ? pretty.substring(0, pretty.length() - " ops/s".length()) : pretty;
    }
}
