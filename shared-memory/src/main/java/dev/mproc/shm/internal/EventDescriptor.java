package dev.mproc.shm.internal;

/**
 * The body of an event file.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+-------------------------------+
 *  |           Flag (32)           |       (unused up to 8)        |  0
 *  +-------------------------------+-------------------------------+
 * </pre>
 * (offsets relative to {@link HeaderDescriptor#BODY_OFFSET})
 *
 * <p>Memory ordering: <b>Flag</b> (0 clear, 1 set) is written with <i>volatile</i> stores by {@code set} and
 * {@code clear} from any process and read with <i>volatile</i> loads by waiters, so what a process did before
 * {@code set} happens-before what a waiter does after seeing it set.
 *
 * <p><b>Thread safety:</b> constants. <b>Process safety:</b> see the ordering above.
 */
public final class EventDescriptor {

    /** Offset of the flag in the body. */
    public static final int FLAG_OFFSET = 0;
    /** The body's length. */
    public static final int LENGTH = 8;

    private EventDescriptor() {
    }
}
