package dev.mproc.bench.report;

import java.util.Locale;

/**
 * How busy the machine was just before a measurement.
 *
 * @param loadAverage the one-minute load average ({@code /proc/loadavg}); it counts the report's own benchmarks of
 *                    the last minute too, so it is recorded but does not decide
 * @param otherCores  how many cores other programs kept busy during a short sample taken while the report itself was
 *                    idle (between two measurements): what decides whether the machine was busy
 */
public record Load(double loadAverage, double otherCores) {

    /** A load that was not measured (no {@code /proc}). */
    public static final Load UNKNOWN = new Load(Double.NaN, Double.NaN);

    /**
     * @param cores the machine's cores
     * @return whether other programs used more than half of them
     */
    public boolean busy(final int cores) {
        return otherCores > cores / 2.0;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "load average %.2f, other programs %.2f cores", loadAverage, otherCores);
    }
}
