package dev.mproc;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The result of work submitted to a {@link Pool} without waiting for it: Python's {@code AsyncResult}, as a
 * {@link Future}.
 *
 * <p>{@link #get()} returns the value, or throws an {@link ExecutionException} whose cause is what went wrong in the
 * worker: the task's own exception when it could cross (with its remote stack trace), else a
 * {@link RemoteTaskException} standing for it, or a {@link WorkerLostException} when the worker died while running
 * it. {@link #cancel} skips work not yet started; a task already running in a worker runs to its end and its result
 * is dropped. Callbacks given at submission run before the result becomes {@linkplain #ready() ready}.
 *
 * <p><b>Thread safety:</b> safe for use by several threads. <b>Process safety:</b> lives in the process that
 * submitted the work; it is not serializable.
 *
 * @param <T> the type of the value
 */
public final class AsyncResult<T> implements Future<T> {

    private final CompletableFuture<T> future;

    AsyncResult(final CompletableFuture<T> future) {
        this.future = Objects.requireNonNull(future, "future");
    }

    /**
     * The result of a {@link Pool} implemented outside this package: ready when the future completes. To keep
     * {@link Pool}'s promise, complete it after the callbacks have run.
     *
     * @param future completed with the value, or exceptionally with what went wrong
     * @param <T>    the type of the value
     * @return a result that reads the future
     */
    public static <T> AsyncResult<T> of(final CompletableFuture<T> future) {
        return new AsyncResult<>(future);
    }

    /** @return whether the work has ended, successfully or not (Python's {@code ready()}) */
    public boolean ready() {
        return future.isDone();
    }

    /**
     * @return whether the work ended with a value
     * @throws IllegalStateException when it has not ended yet, as Python raises {@code ValueError}
     */
    public boolean successful() {
        if (!future.isDone()) {
            throw new IllegalStateException("the result is not ready");
        }
        return !future.isCompletedExceptionally();
    }

    /**
     * Waits for the value, at most the timeout.
     *
     * @param timeout how long to wait
     * @return the value
     * @throws ExecutionException   when the work failed; its cause says why
     * @throws TimeoutException     when the work has not ended in time (it goes on)
     * @throws InterruptedException when interrupted while waiting
     */
    public T get(final Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * A view of this result as a stage to chain on; completing or cancelling the view does not affect this result.
     *
     * @return the stage
     */
    public CompletionStage<T> completionStage() {
        return future.minimalCompletionStage();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        return future.get();
    }

    @Override
    public T get(final long timeout, final TimeUnit unit)
        throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(timeout, unit);
    }

    @Override
    public boolean cancel(final boolean mayInterruptIfRunning) {
        return future.cancel(mayInterruptIfRunning);
    }

    @Override
    public boolean isCancelled() {
        return future.isCancelled();
    }

    @Override
    public boolean isDone() {
        return future.isDone();
    }

    @Override
    public String toString() {
        return "<AsyncResult " + (!future.isDone() ? "pending" : future.isCompletedExceptionally() ? "failed" : "ready")
            + ">";
    }
}
