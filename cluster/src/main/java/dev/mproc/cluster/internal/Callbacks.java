package dev.mproc.cluster.internal;

import java.util.function.Consumer;

/**
 * The callbacks of an {@code applyAsync} or {@code mapAsync}, called once before the result is ready; one that
 * throws is logged and the result is kept, as the local pool does.
 *
 * @param <T> the type of the value
 */
final class Callbacks<T> {

    private static final System.Logger LOG = System.getLogger(Callbacks.class.getName());

    private final Consumer<? super T> onSuccess;
    private final Consumer<? super Throwable> onError;

    Callbacks(final Consumer<? super T> onSuccess, final Consumer<? super Throwable> onError) {
        this.onSuccess = onSuccess;
        this.onError = onError;
    }

    void succeeded(final T value) {
        if (onSuccess != null) {
            call(onSuccess, value);
        }
    }

    void failed(final Throwable cause) {
        if (onError != null) {
            call(onError, cause);
        }
    }

    private static <V> void call(final Consumer<? super V> callback, final V value) {
        try {
            callback.accept(value);
        } catch (final RuntimeException | Error e) {
            LOG.log(System.Logger.Level.WARNING, "a cluster pool callback threw; the result is kept", e);
        }
    }
}
