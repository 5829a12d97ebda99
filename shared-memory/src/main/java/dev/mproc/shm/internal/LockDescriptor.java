package dev.mproc.shm.internal;

import dev.mproc.shm.AtomicBuffer;

/**
 * The layout of a robust lock: the body of a {@code Lock} or {@code RLock} file, and the lock area inside every
 * value and array file (their {@code lock()}).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+-------------------------------+
 *  |          Owner Pid (32)       |       Owner Thread Id (32)    |  0
 *  +-------------------------------+-------------------------------+
 *  |          Hold Count (32)      |         Recovered (32)        |  8
 *  +-------------------------------+-------------------------------+
 *  |                       Recoveries (64)                         | 16
 *  +---------------------------------------------------------------+
 *  |          Waiters (32)         |       (unused up to 64)       | 24
 *  +-------------------------------+-------------------------------+
 * </pre>
 *
 * <p>Memory ordering, word by word:
 * <ul>
 *   <li><b>Owner</b> (one 64-bit word, 0 when free): taken with a <i>volatile</i> compare-and-set from 0, or from the
 *   value naming a process that is dead (recovery); freed by the owner with a <i>release</i> store of 0, so that
 *   what the owner wrote under the lock happens-before whatever the next owner does after its compare-and-set.
 *   Waiters read it with <i>volatile</i> loads.</li>
 *   <li><b>Hold Count</b>: <i>plain</i>, written and read only by the owner (an {@code RLock}'s depth; 1 for a
 *   {@code Lock}).</li>
 *   <li><b>Recovered</b>: <i>plain</i>, written by each new owner right after its compare-and-set (1 when it took
 *   the lock over from a dead process), read by the owner; the owner word's release/acquire publishes it.</li>
 *   <li><b>Recoveries</b>: how many times the lock was taken from a dead owner; <i>volatile</i> get-and-add.</li>
 *   <li><b>Waiters</b>: how many threads, of any process, found the lock held and wait for it; <i>volatile</i>
 *   get-and-add by each waiter as it starts and stops waiting, <i>volatile</i> loads by whoever watches. A process
 *   killed while it waits stays counted: an estimate for monitoring and tests, which nothing decides on.</li>
 * </ul>
 *
 * <p><b>Thread safety:</b> constants. <b>Process safety:</b> see the orderings above.
 */
public final class LockDescriptor {

    /** Offset of the owner word. */
    public static final int OWNER_OFFSET = 0;
    /** Offset of the hold count. */
    public static final int HOLDS_OFFSET = 8;
    /** Offset of the recovered flag. */
    public static final int RECOVERED_OFFSET = 12;
    /** Offset of the recoveries counter. */
    public static final int RECOVERIES_OFFSET = 16;
    /** Offset of the waiters count. */
    public static final int WAITERS_OFFSET = 24;
    /** The lock area's length. */
    public static final int LENGTH = 64;

    private LockDescriptor() {
    }

    /**
     * Writes a free lock (plain stores; the file header's magic publishes them).
     *
     * @param buffer the whole file
     * @param offset the lock area's offset
     */
    public static void initialise(final AtomicBuffer buffer, final int offset) {
        buffer.setMemory(offset, LENGTH, (byte) 0);
    }
}
