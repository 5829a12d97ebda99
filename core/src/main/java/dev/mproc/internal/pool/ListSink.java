package dev.mproc.internal.pool;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The results of a {@code map}: a list in item order, complete when every unit has run; the first failure fails it,
 * and the units not yet started are skipped.
 */
public final class ListSink<R> extends ResultSink {

    private final CompletableFuture<List<R>> future = new CompletableFuture<>();
    private final Object[] results;
    private final AtomicInteger unitsLeft;

    /**
     * @param items the number of items
     * @param units the number of units they are cut into
     */
    public ListSink(final int items, final int units) {
        this.results = new Object[items];
        this.unitsLeft = new AtomicInteger(units);
        if (units == 0) {
            future.complete(List.of());
        }
    }

    /** @return the future the caller waits on */
    public CompletableFuture<List<R>> future() {
        return future;
    }

    @Override
    @SuppressWarnings("unchecked")
    void accept(final Unit unit, final Object[] values) {
        // Each unit fills its own slots; the decrement publishes them to the thread that completes the future.
        System.arraycopy(values, 0, results, unit.firstItem, values.length);
        if (unitsLeft.decrementAndGet() == 0) {
            future.complete((List<R>) Collections.unmodifiableList(Arrays.asList(results)));
        }
    }

    @Override
    void fail(final Unit unit, final Throwable cause) {
        future.completeExceptionally(cause);
    }

    @Override
    boolean isDone() {
        return future.isDone();
    }
}
