package dev.mproc.bench.report;

/**
 * One row of the report: an mproc figure beside a baseline measured in the same run.
 *
 * @param group    the primitive ({@code Process}, {@code Pipe}, {@code Queue}...), as its {@link Block} names it
 * @param name     what is measured, for people
 * @param mproc    the key of mproc's figure (a JMH benchmark with its parameters, or {@code python:<id>})
 * @param baseline the key of the baseline's figure
 * @param against  what the baseline is, for people ({@code raw NIO Unix socket}, {@code Python multiprocessing})
 * @param headline whether the row is one of the report's headline figures (the README's table)
 */
public record Scenario(String group, String name, String mproc, String baseline, String against, boolean headline) {

    /**
     * A row that is not a headline.
     *
     * @param group    the primitive
     * @param name     what is measured
     * @param mproc    the key of mproc's figure
     * @param baseline the key of the baseline's figure
     * @param against  what the baseline is
     */
    public Scenario(final String group, final String name, final String mproc, final String baseline,
                    final String against) {
        this(group, name, mproc, baseline, against, false);
    }

    /** @return the same row, as a headline */
    public Scenario asHeadline() {
        return new Scenario(group, name, mproc, baseline, against, true);
    }

    /** @return whether the baseline is one of the Python scripts' figures */
    public boolean againstPython() {
        return baseline.startsWith("python:");
    }
}
