package dev.mproc.internal.pool;

/**
 * One submission to the pool (an {@code apply}, a {@code map}, an {@code imap}): its encoded function and where its
 * results go. Its units ({@link Unit}) are what workers run. The units of a map or an apply are all known at
 * submission; an imap's work stays open while its {@link InputFeeder} adds units as it reads the input.
 */
final class Work {

    final long id;
    /** The codec's encoding of the {@link dev.mproc.Job} or {@link dev.mproc.SerializableFunction}. */
    final byte[] function;
    /** Whether workers keep the function for later units of this work (it has, or may have, more than one unit). */
    final boolean keep;
    final ResultSink sink;
    /** Told, outside the pool's lock, when the pool starts closing or is terminated; null for closed works. */
    final Runnable onPoolChange;
    /** Units queued ({@link Dispatcher#queue}) and not yet over; guarded by the pool's lock. */
    int unitsLeft;
    /** Whether more units may be added (an imap still reading its input); guarded by the pool's lock. */
    boolean open;
    /**
     * Whether the last unit of this work to finish ran fast (under {@link Dispatcher#FAST_UNIT_NANOS}): then a worker
     * may be given the next unit before it answers, hiding the round trip. Guarded by the pool's lock.
     */
    boolean fast;

    /**
     * A work whose units are all known now.
     *
     * @param units how many units it has (the dispatcher counts them as they are queued)
     */
    Work(final long id, final byte[] function, final int units, final ResultSink sink) {
        this.id = id;
        this.function = function;
        this.keep = units > 1;
        this.sink = sink;
        this.onPoolChange = null;
    }

    /** An open work, without units yet. */
    Work(final long id, final byte[] function, final ResultSink sink, final Runnable onPoolChange) {
        this.id = id;
        this.function = function;
        this.keep = true;
        this.sink = sink;
        this.onPoolChange = onPoolChange;
        this.open = true;
    }
}
