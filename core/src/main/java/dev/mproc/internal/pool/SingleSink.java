package dev.mproc.internal.pool;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The result of an {@code apply}: a future, and callbacks that run before the future completes (as Python's
 * {@code apply_async} calls back before {@code ready()} turns true).
 */
public final class SingleSink<T> extends ResultSink {

    private static final System.Logger LOG = System.getLogger(SingleSink.class.getName());

    private final CompletableFuture<T> future = new CompletableFuture<>();
    private final Consumer<? super T> onSuccess;
    private final Consumer<? super Throwable> onError;

    /**
     * @param onSuccess called with the value, or {@code null}
     * @param onError   called with the cause of a failure, or {@code null}
     */
    public SingleSink(final Consumer<? super T> onSuccess, final Consumer<? super Throwable> onError) {
        this.onSuccess = onSuccess;
        this.onError = onError;
    }

    /** @return the future the caller waits on */
    public CompletableFuture<T> future() {
        return future;
    }

    @Override
    @SuppressWarnings("unchecked")
    void accept(final Unit unit, final Object[] values) {
        final T value = (T) values[0];
        if (onSuccess != null && !future.isDone()) {
            callBack(onSuccess, value);
        }
        future.complete(value);
    }

    @Override
    void fail(final Unit unit, final Throwable cause) {
        if (onError != null && !future.isDone()) {
            callBack(onError, cause);
        }
        future.completeExceptionally(cause);
    }

    @Override
    boolean isDone() {
        return future.isDone();
    }

    private static <V> void callBack(final Consumer<V> callback, final V value) {
        try {
            callback.accept(value);
        } catch (final RuntimeException | Error e) {
            LOG.log(System.Logger.Level.WARNING, "a pool callback threw; the result is kept", e);
        }
    }
}
