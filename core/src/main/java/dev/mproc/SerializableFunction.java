package dev.mproc;

import java.io.Serializable;

/**
 * A serializable function of one argument, mapped over items by a {@link Pool} ({@code map}, {@code imap}).
 *
 * <p>The function and what it captures cross into each worker once per call of {@code map}; the items and results
 * cross one by one (or a chunk at a time) by Java serialization. Unlike {@link java.util.function.Function}, it may
 * throw any exception.
 *
 * @param <T> the type of the argument
 * @param <R> the type of the result
 */
@FunctionalInterface
public interface SerializableFunction<T, R> extends Serializable {

    /**
     * Applies the function, in a worker process.
     *
     * @param item the argument
     * @return the result, possibly {@code null}
     * @throws Exception whatever the function throws; it reaches the caller as the cause of the failure
     */
    R apply(T item) throws Exception;
}
