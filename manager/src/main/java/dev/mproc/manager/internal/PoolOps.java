package dev.mproc.manager.internal;

import dev.mproc.Job;
import dev.mproc.SerializableBiFunction;
import dev.mproc.SerializableFunction;
import java.util.List;
import java.util.concurrent.ExecutionException;

/** What a pool proxy asks of the server; the waiting calls wait there in slices. */
public interface PoolOps {

    int processes();

    Object apply(Job<?> job) throws InterruptedException, ExecutionException;

    /** @param chunksize 0 for the core pool's default */
    List<Object> map(SerializableFunction<Object, Object> function, List<Object> items, int chunksize)
        throws InterruptedException, ExecutionException;

    /** @param pairs two-element arrays of arguments */
    List<Object> starmap(SerializableBiFunction<Object, Object, Object> function, List<Object[]> pairs)
        throws InterruptedException, ExecutionException;

    void close();

    void terminate();

    void join() throws InterruptedException;
}
