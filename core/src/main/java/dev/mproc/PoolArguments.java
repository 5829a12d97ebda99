package dev.mproc;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The checks and defaults that {@link Pool}'s default methods and {@link LocalPool} share. */
final class PoolArguments {

    private PoolArguments() {
    }

    /** @return Python's default chunk size: items / (4 &times; processes), rounded up, at least 1 */
    static int defaultChunksize(final int items, final int processes) {
        final int per = processes * 4;
        return Math.max(1, items / per + (items % per == 0 ? 0 : 1));
    }

    static int positive(final int chunksize) {
        if (chunksize < 1) {
            throw new IllegalArgumentException("chunksize must be at least 1, not " + chunksize);
        }
        return chunksize;
    }

    static <T> List<? extends T> listOf(final Iterable<? extends T> items) {
        Objects.requireNonNull(items, "items");
        if (items instanceof List) {
            return (List<? extends T>) items;
        }
        final List<T> list = new ArrayList<>();
        items.forEach(list::add);
        return list;
    }
}
