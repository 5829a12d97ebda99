package dev.mproc;

import java.io.Serializable;

/**
 * A serializable function of two arguments, spread over pairs by {@link Pool#starmap}: Python's {@code starmap}
 * over 2-tuples.
 *
 * @param <A> the type of the first argument
 * @param <B> the type of the second argument
 * @param <R> the type of the result
 */
@FunctionalInterface
public interface SerializableBiFunction<A, B, R> extends Serializable {

    /**
     * Applies the function, in a worker process.
     *
     * @param first  the first argument
     * @param second the second argument
     * @return the result, possibly {@code null}
     * @throws Exception whatever the function throws; it reaches the caller as the cause of the failure
     */
    R apply(A first, B second) throws Exception;
}
