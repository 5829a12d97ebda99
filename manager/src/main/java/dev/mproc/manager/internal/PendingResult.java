package dev.mproc.manager.internal;

import dev.mproc.manager.AsyncResultProxy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A result of a manager's pool, completed by the thread of this process that waits for it on the manager; a
 * {@code cancel(true)} interrupts that thread, which closes its connection, so the server abandons the wait.
 *
 * <p><b>Thread safety:</b> safe for concurrent use.
 */
final class PendingResult<T> implements AsyncResultProxy<T> {

    private final CompletableFuture<T> future = new CompletableFuture<>();
    private volatile Thread waiter;

    void waitingIn(final Thread thread) {
        waiter = thread;
    }

    void complete(final T value) {
        future.complete(value);
    }

    void fail(final Throwable cause) {
        future.completeExceptionally(cause);
    }

    @Override
    public boolean ready() {
        return future.isDone();
    }

    @Override
    public boolean successful() {
        if (!future.isDone()) {
            throw new IllegalStateException("the result is not ready");
        }
        return !future.isCompletedExceptionally();
    }

    @Override
    public T get(final Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
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
        final boolean cancelled = future.cancel(mayInterruptIfRunning);
        final Thread thread = waiter;
        if (cancelled && mayInterruptIfRunning && thread != null) {
            thread.interrupt();
        }
        return cancelled;
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
        return "AsyncResultProxy[" + (!future.isDone() ? "pending" : future.isCompletedExceptionally() ? "failed"
            : "done") + "]";
    }
}
