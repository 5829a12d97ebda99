package dev.mproc.internal.pool;

/**
 * Where the results of a {@link Work} go: a future, a list, an iterator. Called from the pool's reader threads, one
 * unit at a time per worker, units of one work possibly concurrently from several workers.
 */
abstract class ResultSink {

    /**
     * A unit has run: its values, one per item ({@code apply}: one).
     *
     * @param unit   the unit
     * @param values its results, in item order
     */
    abstract void accept(Unit unit, Object[] values);

    /**
     * A unit has failed: the task threw, its worker died, its result could not be decoded, or the pool ended.
     *
     * @param unit  the unit
     * @param cause why
     */
    abstract void fail(Unit unit, Throwable cause);

    /** The work was submitted with no unit at all (a map over no items); called in the submitting thread. */
    void noUnits() {
    }

    /** @return whether no more results are wanted (failed already, or cancelled): units not started are skipped */
    abstract boolean isDone();
}
