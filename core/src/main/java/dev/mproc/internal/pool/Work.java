package dev.mproc.internal.pool;

/**
 * One submission to the pool (an {@code apply}, a {@code map}): its encoded function and where its results go.
 * Its units ({@link Unit}) are what workers run.
 */
final class Work {

    final long id;
    /** The codec's encoding of the {@link dev.mproc.Job} or {@link dev.mproc.SerializableFunction}. */
    final byte[] function;
    /** Whether workers keep the function for later units of this work (it has more than one unit). */
    final boolean keep;
    final ResultSink sink;
    /** Units not yet finished; guarded by the engine's lock. */
    int unitsLeft;
    /**
     * Whether the last unit of this work to finish ran fast (under {@link PoolEngine#FAST_UNIT_NANOS}): then a worker
     * may be given the next unit before it answers, hiding the round trip. Guarded by the engine's lock.
     */
    boolean fast;

    Work(final long id, final byte[] function, final int units, final ResultSink sink) {
        this.id = id;
        this.function = function;
        this.keep = units > 1;
        this.sink = sink;
        this.unitsLeft = units;
    }
}
