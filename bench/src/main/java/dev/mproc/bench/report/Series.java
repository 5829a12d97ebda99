package dev.mproc.bench.report;

import java.util.Map;

/**
 * One series of the throughput chart: the figure keys of one transport, by message size in bytes.
 *
 * @param name   the legend
 * @param color  the bar colour (CSS)
 * @param bySize figure keys by message size
 */
public record Series(String name, String color, Map<Integer, String> bySize) {
}
