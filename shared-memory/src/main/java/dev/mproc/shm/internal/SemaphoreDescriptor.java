package dev.mproc.shm.internal;

import dev.mproc.shm.AtomicBuffer;

/**
 * The body of a semaphore file ({@code Semaphore} and {@code BoundedSemaphore}).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+-------------------------------+
 *  |          Permits (32)         |        Bound (32)             |  0
 *  +-------------------------------+-------------------------------+
 * </pre>
 * (offsets relative to {@link HeaderDescriptor#BODY_OFFSET})
 *
 * <p>Memory ordering: <b>Permits</b> is taken with a <i>volatile</i> compare-and-set (only while positive) and given
 * back with a <i>volatile</i> compare-and-set (checked against the bound), so a release happens-before the acquire
 * that takes its permit; waiters poll it with <i>volatile</i> loads. <b>Bound</b> is <i>plain</i>, written by the
 * creator before the header's magic: the most permits a bounded semaphore may hold, or {@link Integer#MAX_VALUE}.
 * Permits have no owner: a process that dies holding one does not give it back (as in Python).
 *
 * <p><b>Thread safety:</b> constants. <b>Process safety:</b> see the orderings above.
 */
public final class SemaphoreDescriptor {

    /** Offset of the permits in the body. */
    public static final int PERMITS_OFFSET = 0;
    /** Offset of the bound in the body. */
    public static final int BOUND_OFFSET = 4;
    /** The body's length. */
    public static final int LENGTH = 8;

    private SemaphoreDescriptor() {
    }

    /**
     * Writes the initial permits and the bound (plain stores, published by the header's magic).
     *
     * @param buffer  the whole file
     * @param permits the initial permits
     * @param bound   the most permits it may hold
     */
    public static void initialise(final AtomicBuffer buffer, final int permits, final int bound) {
        buffer.putInt(HeaderDescriptor.BODY_OFFSET + PERMITS_OFFSET, permits);
        buffer.putInt(HeaderDescriptor.BODY_OFFSET + BOUND_OFFSET, bound);
    }
}
