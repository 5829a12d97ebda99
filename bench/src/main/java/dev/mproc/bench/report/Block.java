package dev.mproc.bench.report;

/**
 * What one primitive's rounds run: its JMH benchmarks and the Python script that measures the same scenarios. The
 * report runs each side in turn, {@code rounds} times: JVM, Python, JVM, Python...
 *
 * @param group   the primitive, as the report's section names it ({@code Queue})
 * @param jmh     the JMH include pattern of its warmed-up benchmarks
 * @param cold    the JMH include pattern of its cold benchmarks (fresh JVM, no warm-up), or {@code null}
 * @param python  the Python script (a resource under {@code /python}), or {@code null} when Python has no peer
 */
public record Block(String group, String jmh, String cold, String python) {
}
