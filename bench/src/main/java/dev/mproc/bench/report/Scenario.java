package dev.mproc.bench.report;

/**
 * One row of the report: an mproc figure beside a baseline measured in the same run.
 *
 * @param group    the primitive ({@code Process}, {@code Pipe}, {@code Queue}...)
 * @param name     what is measured, for people
 * @param mproc    the key of mproc's figure (a JMH benchmark with its parameters, or {@code python:<id>})
 * @param baseline the key of the baseline's figure
 * @param against  what the baseline is, for people ({@code raw NIO Unix socket}, {@code Python multiprocessing})
 */
public record Scenario(String group, String name, String mproc, String baseline, String against) {
}
