package dev.mproc.cluster.internal;

import dev.mproc.internal.pool.Callbacks;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A result that settles once: the callbacks run, then the future completes, whichever thread gets there first
 * (units of one map finish concurrently, and {@code terminate} may cancel meanwhile). It is its own entry in
 * a {@link WorkSet}.
 *
 * @param <T> the type of the value
 */
public final class Settled<T> implements WorkSet.Work {

    private final CompletableFuture<T> future = new CompletableFuture<>();
    private final AtomicBoolean settled = new AtomicBoolean();
    private final Callbacks<T> callbacks;

    /**
     * @param onSuccess called with the value, or {@code null}
     * @param onError   called with the failure, or {@code null}
     * @param onSettled told once the result has settled, with this result
     */
    public Settled(final Consumer<? super T> onSuccess, final Consumer<? super Throwable> onError,
                   final Consumer<? super Settled<T>> onSettled) {
        this.callbacks = new Callbacks<>(onSuccess, onError);
        // A cancel by the caller settles it too, without callbacks.
        future.whenComplete((value, failure) -> onSettled.accept(this));
    }

    /** Fails it with the cancellation of a terminated pool. */
    @Override
    public void cancel(final CancellationException cancelled) {
        fail(cancelled);
    }

    /** Drops it without callbacks: the work could not be submitted. */
    public void abandon() {
        future.cancel(false);
    }

    /** @return the future the caller waits on */
    public CompletableFuture<T> future() {
        return future;
    }

    /** @return whether the result has settled (or was cancelled) */
    public boolean isDone() {
        return future.isDone();
    }

    /** @param value the value */
    public void succeed(final T value) {
        if (!future.isDone() && settled.compareAndSet(false, true)) {
            callbacks.succeeded(value);
            future.complete(value);
        }
    }

    /** @param cause why it failed */
    public void fail(final Throwable cause) {
        if (!future.isDone() && settled.compareAndSet(false, true)) {
            callbacks.failed(cause);
            future.completeExceptionally(cause);
        }
    }
}
