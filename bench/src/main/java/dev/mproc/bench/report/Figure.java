package dev.mproc.bench.report;

import java.util.Locale;

/**
 * One measured number in a normalized unit: operations per second for rates, microseconds for times.
 *
 * @param value the number
 * @param unit  {@code ops/s} or {@code us}
 * @param error the half-width of the confidence interval JMH gives, 0 when unknown
 */
public record Figure(double value, String unit, double error) {

    /** Rates: higher is better. */
    public static final String RATE = "ops/s";

    /** Times: lower is better. */
    public static final String TIME = "us";

    /**
     * @param value a number in the unit JMH or a script reported
     * @param unit  that unit ({@code ops/s}, {@code ops/ms}, {@code ms/op}, {@code us/op}, {@code msgs/s},
     *              {@code ms}...)
     * @param error the error in the same unit
     * @return the figure in the normalized unit
     */
    public static Figure of(final double value, final String unit, final double error) {
        final String u = unit.toLowerCase(Locale.ROOT);
        if (u.endsWith("/s") && !u.startsWith("s/")) {
            return new Figure(value, RATE, error);
        }
        if (u.equals("ops/ms")) {
            return new Figure(value * 1e3, RATE, error * 1e3);
        }
        if (u.equals("ops/us")) {
            return new Figure(value * 1e6, RATE, error * 1e6);
        }
        final double toMicros = u.startsWith("ns") ? 1e-3 : u.startsWith("us") ? 1 : u.startsWith("ms") ? 1e3
            : u.startsWith("s") ? 1e6 : Double.NaN;
        if (Double.isNaN(toMicros)) {
            throw new IllegalArgumentException("unknown unit " + unit);
        }
        return new Figure(value * toMicros, TIME, error * toMicros);
    }

    /**
     * @return this time per operation as operations per second; a rate is returned as it is
     */
    public Figure perSecond() {
        if (higherIsBetter()) {
            return this;
        }
        // The error of 1/x is about error/x^2 relative to the rate: error/value of the rate itself.
        final double rate = 1e6 / value;
        return new Figure(rate, RATE, value <= 0 ? 0 : rate * error / value);
    }

    /** @return whether a larger value is better */
    public boolean higherIsBetter() {
        return unit.equals(RATE);
    }

    /** @return the figure for people: {@code 1.23 M ops/s}, {@code 45.6 µs}, {@code 12.3 ms} */
    public String pretty() {
        if (higherIsBetter()) {
            return scaled(value, "ops/s");
        }
        if (value >= 1000) {
            return String.format(Locale.ROOT, "%.1f ms", value / 1000);
        }
        return String.format(Locale.ROOT, value >= 100 ? "%.0f µs" : "%.1f µs", value);
    }

    static String scaled(final double value, final String unit) {
        if (value >= 1e6) {
            return String.format(Locale.ROOT, "%.2f M %s", value / 1e6, unit);
        }
        if (value >= 1e3) {
            return String.format(Locale.ROOT, "%.1f k %s", value / 1e3, unit);
        }
        return String.format(Locale.ROOT, "%.1f %s", value, unit);
    }
}
