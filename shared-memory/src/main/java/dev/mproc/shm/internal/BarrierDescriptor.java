package dev.mproc.shm.internal;

/**
 * The body of a barrier file.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+-+-+---------------------------+
 *  |        Generation (32)        |B|R|       Arrived (30)        |  0
 *  +-------------------------------+-+-+---------------------------+
 *  |          Parties (32)         |           Flags (32)          |  8
 *  +-------------------------------+-------------------------------+
 *  |                  Last Reset Generation (64)                   | 16
 *  +---------------------------------------------------------------+
 *  |                Default Timeout, nanoseconds (64)              | 24
 *  +-------------------------------+-------------------------------+
 *  |  Action Runner Generation (32)|     Action Runner Pid (32)    | 32
 *  +-------------------------------+-------------------------------+
 * </pre>
 * (offsets relative to {@link HeaderDescriptor#BODY_OFFSET}; B is the broken bit, R the resetting bit)
 *
 * <p>Memory ordering, word by word:
 * <ul>
 *   <li><b>State</b> (generation, broken, arrived in one 64-bit word): every change is a <i>volatile</i>
 *   compare-and-set. An arriving party adds one; the last one instead moves to the next generation with none
 *   arrived (with an action, it first adds one too, so that Arrived equals Parties while it runs the action, and
 *   moves on once the action has returned), which releases the others (they poll with <i>volatile</i> loads and see
 *   the generation change). A timeout, an interrupt, {@code abort} or an action that throws sets the broken bit.
 *   {@code reset} sets the resetting bit, which stops the generation from being released or broken, then records the
 *   generation as reset and moves to the next one unbroken. Whoever sees the resetting bit (an arriving party, a
 *   waiter, another reset) finishes the reset the same way rather than failing or waiting on the resetter, so an
 *   arrival during a reset lands in the fresh generation and a resetter killed midway leaves nothing stuck.</li>
 *   <li><b>Parties, Flags, Default Timeout</b>: <i>plain</i>, written by the creator before the header's magic and
 *   never again. Flags has {@link #HAS_ACTION} when the barrier was created with an action; the action itself is not
 *   in the file (it is code): it travels in each process's handle. Default Timeout is what {@code await()} without a
 *   timeout waits at most, or {@link #NO_TIMEOUT}; it is in the file so that every process agrees on it.</li>
 *   <li><b>Action Runner</b>: the low 32 bits of a generation and the pid of the party running that generation's
 *   action, written with a <i>volatile</i> store by that party right after its arrival (before the action runs);
 *   read with <i>volatile</i> loads by the waiting parties every few milliseconds while Arrived equals Parties: when
 *   it names their generation and a dead pid, they break the barrier. A party killed between its arrival and this
 *   store leaves the word naming an older generation, so the others wait (their timeouts still count).</li>
 *   <li><b>Last Reset Generation</b>: written with a <i>volatile</i> store by whoever finishes a reset, while the
 *   resetting bit holds the generation and before it moves on, so a waiter that sees its generation end reads it
 *   (volatile) to tell a reset (broken) from a release.</li>
 * </ul>
 *
 * <p><b>Thread safety:</b> constants. <b>Process safety:</b> see the orderings above.
 */
public final class BarrierDescriptor {

    /** Offset of the state word in the body. */
    public static final int STATE_OFFSET = 0;
    /** Offset of the number of parties in the body. */
    public static final int PARTIES_OFFSET = 8;
    /** Offset of the last reset generation in the body. */
    public static final int LAST_RESET_OFFSET = 16;
    /** Offset of the flags in the body. */
    public static final int FLAGS_OFFSET = 12;
    /** Offset of the default timeout in the body. */
    public static final int DEFAULT_TIMEOUT_OFFSET = 24;
    /** Offset of the action runner in the body. */
    public static final int ACTION_RUNNER_OFFSET = 32;
    /** The body's length. */
    public static final int LENGTH = 40;
    /** The flag of a barrier with an action. */
    public static final int HAS_ACTION = 1;
    /** The default timeout of a barrier without one. */
    public static final long NO_TIMEOUT = -1;
    /** The broken bit of the state word. */
    public static final long BROKEN = 1L << 31;
    /** The resetting bit of the state word. */
    public static final long RESETTING = 1L << 30;
    /** The arrived-count bits of the state word. */
    public static final long ARRIVED_MASK = RESETTING - 1;

    private BarrierDescriptor() {
    }

    /**
     * @param state a state word
     * @return its generation
     */
    public static long generation(final long state) {
        return state >>> 32;
    }

    /**
     * @param generation a generation
     * @param pid        the pid of the party running its action
     * @return the action runner word
     */
    public static long runner(final long generation, final long pid) {
        return (generation & 0xFFFF_FFFFL) << 32 | (pid & 0xFFFF_FFFFL);
    }

    /**
     * @param runner an action runner word
     * @return the low 32 bits of its generation
     */
    public static long runnerGeneration(final long runner) {
        return runner >>> 32;
    }

    /**
     * @param runner an action runner word
     * @return its pid
     */
    public static long runnerPid(final long runner) {
        return runner & 0xFFFF_FFFFL;
    }

    /**
     * @param generation a generation
     * @return the state word that starts it: unbroken, nobody arrived
     */
    public static long start(final long generation) {
        return (generation & 0xFFFF_FFFFL) << 32;
    }
}
