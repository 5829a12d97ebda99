package dev.mproc.bench.report;

import java.util.List;

/**
 * A line the report writes below its section's table: what one operation costs on each of several setups, the
 * inverse of their median rates ({@code map, chunksize 1, per task: local pool 25.1 µs, cluster of 2 members 1.1 ms}).
 *
 * @param group  the section it belongs to, as its {@link Block} names it
 * @param what   the operation and what it is counted per ({@code dict put, per call})
 * @param labels the setups, for people, in the order written
 * @param keys   the figure key of each setup, in the same order
 */
public record Cost(String group, String what, List<String> labels, List<String> keys) {

    /** Copies the lists and checks that each setup has its key. */
    public Cost {
        labels = List.copyOf(labels);
        keys = List.copyOf(keys);
        if (labels.size() != keys.size()) {
            throw new IllegalArgumentException(labels.size() + " labels for " + keys.size() + " keys: " + what);
        }
    }
}
