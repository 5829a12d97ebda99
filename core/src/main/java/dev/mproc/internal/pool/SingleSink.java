package dev.mproc.internal.pool;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The result of an {@code apply}: a future, and callbacks that run before the future completes (as Python's
 * {@code apply_async} calls back before {@code ready()} turns true).
 */
public final class SingleSink<T> extends ResultSink {

    private final CompletableFuture<T> future = new CompletableFuture<>();
    private final Callbacks<T> callbacks;

    /**
     * @param onSuccess called with the value, or {@code null}
     * @param onError   called with the cause of a failure, or {@code null}
     */
    public SingleSink(final Consumer<? super T> onSuccess, final Consumer<? super Throwable> onError) {
        this.callbacks = new Callbacks<>(onSuccess, onError);
    }

    /** @return the future the caller waits on */
    public CompletableFuture<T> future() {
        return future;
    }

    @Override
    @SuppressWarnings("unchecked")
    void accept(final Unit unit, final Object[] values) {
        final T value = (T) values[0];
        if (!future.isDone()) {
            callbacks.succeeded(value);
        }
        future.complete(value);
    }

    @Override
    void fail(final Unit unit, final Throwable cause) {
        if (!future.isDone()) {
            callbacks.failed(cause);
        }
        future.completeExceptionally(cause);
    }

    @Override
    boolean isDone() {
        return future.isDone();
    }
}
