package dev.mproc;

import java.io.Serializable;

/**
 * A serializable computation with a result, run in a {@link Pool} worker: what {@code pool.apply(f, args)} runs in
 * Python, with the arguments captured by the lambda.
 *
 * <pre>{@code
 * int n = 42;
 * AsyncResult<Integer> square = pool.applyAsync(() -> n * n);
 * }</pre>
 *
 * <p>Everything the lambda captures crosses into the worker by Java serialization (IPC objects as {@link Handle}s);
 * the result comes back the same way, so it must be serializable too.
 *
 * @param <T> the type of the result
 */
@FunctionalInterface
public interface Job<T> extends Serializable {

    /**
     * Computes the result, in a worker process.
     *
     * @return the result, possibly {@code null}
     * @throws Exception whatever the computation throws; it reaches the caller as the cause of the failure, and the
     *                   worker survives
     */
    T call() throws Exception;
}
