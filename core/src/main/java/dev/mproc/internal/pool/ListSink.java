package dev.mproc.internal.pool;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The results of a {@code map}: a list in item order, complete when every unit has run; the first failure fails it,
 * and the units not yet started are skipped. Its callbacks run once, before the future completes: with the list, or
 * with the first failure (as Python's {@code map_async}).
 */
public final class ListSink<R> extends ResultSink {

    private final CompletableFuture<List<R>> future = new CompletableFuture<>();
    private final Object[] results;
    private final AtomicInteger unitsLeft;
    private final Callbacks<List<R>> callbacks;
    /** Set by the one thread that completes the future: units of one map fail concurrently in several readers. */
    private final AtomicBoolean settled = new AtomicBoolean();

    /**
     * @param items     the number of items
     * @param units     the number of units they are cut into
     * @param onSuccess called with the results, or {@code null}
     * @param onError   called with the first failure, or {@code null}
     */
    public ListSink(final int items, final int units, final Consumer<? super List<R>> onSuccess,
                    final Consumer<? super Throwable> onError) {
        this.results = new Object[items];
        this.unitsLeft = new AtomicInteger(units);
        this.callbacks = new Callbacks<>(onSuccess, onError);
    }

    /** @return the future the caller waits on */
    public CompletableFuture<List<R>> future() {
        return future;
    }

    @Override
    void accept(final Unit unit, final Object[] values) {
        // Each unit fills its own slots; the decrement publishes them to the thread that completes the future. A map's
        // items are in a list, so their positions fit an int.
        System.arraycopy(values, 0, results, (int) unit.firstItem, values.length);
        if (unitsLeft.decrementAndGet() == 0) {
            succeed();
        }
    }

    @Override
    void fail(final Unit unit, final Throwable cause) {
        if (!future.isDone() && settled.compareAndSet(false, true)) {
            callbacks.failed(cause);
            future.completeExceptionally(cause);
        }
    }

    @Override
    void noUnits() {
        succeed();
    }

    @Override
    boolean isDone() {
        return future.isDone();
    }

    @SuppressWarnings("unchecked")
    private void succeed() {
        final List<R> list = (List<R>) Collections.unmodifiableList(Arrays.asList(results));
        if (!future.isDone() && settled.compareAndSet(false, true)) {
            callbacks.succeeded(list);
            future.complete(list);
        }
    }
}
