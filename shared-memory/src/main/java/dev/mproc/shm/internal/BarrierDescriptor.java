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
 *  |          Parties (32)         |        (unused)             |  8
 *  +-------------------------------+-------------------------------+
 *  |                  Last Reset Generation (64)                   | 16
 *  +---------------------------------------------------------------+
 * </pre>
 * (offsets relative to {@link HeaderDescriptor#BODY_OFFSET}; B is the broken bit, R the resetting bit)
 *
 * <p>Memory ordering, word by word:
 * <ul>
 *   <li><b>State</b> (generation, broken, arrived in one 64-bit word): every change is a <i>volatile</i>
 *   compare-and-set. An arriving party adds one; the last one instead moves to the next generation with none
 *   arrived, which releases the others (they poll with <i>volatile</i> loads and see the generation change). A
 *   timeout, an interrupt or {@code abort} sets the broken bit. {@code reset} sets the resetting bit, which stops
 *   the generation from being released or broken, then records the generation as reset and moves to the next one
 *   unbroken. Whoever sees the resetting bit (an arriving party, a waiter, another reset) finishes the reset the
 *   same way rather than failing or waiting on the resetter, so an arrival during a reset lands in the fresh
 *   generation and a resetter killed midway leaves nothing stuck.</li>
 *   <li><b>Parties</b>: <i>plain</i>, written by the creator before the header's magic.</li>
 *   <li><b>Last Reset Generation</b>: written with a <i>volatile</i> store by whoever finishes a reset, while the
 *   resetting bit holds the generation and before it moves on, so a waiter that sees its generation end reads it (volatile) to tell a reset
 *   (broken) from a release.</li>
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
    /** The body's length. */
    public static final int LENGTH = 24;
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
     * @return the state word that starts it: unbroken, nobody arrived
     */
    public static long start(final long generation) {
        return (generation & 0xFFFF_FFFFL) << 32;
    }
}
