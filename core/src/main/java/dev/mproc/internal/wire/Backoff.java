package dev.mproc.internal.wire;

import java.time.Duration;

/**
 * How long to pause after a failure that may repeat at once (an accept that fails for want of descriptors or
 * threads): the first pause is short, each failure in a row doubles it up to a cap, and a success starts over.
 *
 * <p><b>Thread safety:</b> not thread-safe; one owner (an accept loop's thread).
 */
public final class Backoff {

    private final long initialNanos;
    private final long maxNanos;
    private long nextNanos;

    private Backoff(final long initialNanos, final long maxNanos) {
        if (initialNanos <= 0 || maxNanos < initialNanos) {
            throw new IllegalArgumentException("back-off from " + initialNanos + " ns to " + maxNanos + " ns");
        }
        this.initialNanos = initialNanos;
        this.maxNanos = maxNanos;
        this.nextNanos = initialNanos;
    }

    /**
     * @param initial the first pause, positive
     * @param max     the longest pause, at least {@code initial}
     * @return a back-off that starts at {@code initial}
     */
    public static Backoff exponential(final Duration initial, final Duration max) {
        return new Backoff(initial.toNanos(), max.toNanos());
    }

    /** @return the pause after one more failure in a row, in nanoseconds; the next one is twice as long, capped */
    public long nextPauseNanos() {
        final long pause = nextNanos;
        nextNanos = Math.min(maxNanos, pause > maxNanos / 2 ? maxNanos : pause * 2);
        return pause;
    }

    /** A success: the next failure pauses for the initial time again. */
    public void reset() {
        nextNanos = initialNanos;
    }
}
