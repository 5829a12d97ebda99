package dev.mproc.internal.pool;

import java.util.function.Consumer;

/**
 * The callbacks of an {@code applyAsync} or {@code mapAsync}, Python's {@code callback} and {@code error_callback}:
 * called once, in the pool thread that completes the result, before the result is ready. One that throws is logged
 * and the result is kept; the pool goes on. The cluster's pool keeps the same rules with it.
 *
 * @param <T> the type of the value
 */
public final class Callbacks<T> {

    private static final System.Logger LOG = System.getLogger(Callbacks.class.getName());

    private final Consumer<? super T> onSuccess;
    private final Consumer<? super Throwable> onError;

    /**
     * @param onSuccess called with the value, or {@code null}
     * @param onError   called with the cause of a failure, or {@code null}
     */
    public Callbacks(final Consumer<? super T> onSuccess, final Consumer<? super Throwable> onError) {
        this.onSuccess = onSuccess;
        this.onError = onError;
    }

    /** @param value the result, given to the success callback if there is one */
    public void succeeded(final T value) {
        if (onSuccess != null) {
            call(onSuccess, value);
        }
    }

    /** @param cause why the work failed, given to the error callback if there is one */
    public void failed(final Throwable cause) {
        if (onError != null) {
            call(onError, cause);
        }
    }

    private static <V> void call(final Consumer<? super V> callback, final V value) {
        try {
            callback.accept(value);
        } catch (final RuntimeException | Error e) {
            LOG.log(System.Logger.Level.WARNING, "a pool callback threw; the result is kept", e);
        }
    }
}
