package dev.mproc.internal.ring;

/**
 * The layout of a ring file: a header, two position counters on cache lines of their own, two parked flags, and the
 * data area where records follow one another and wrap around.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     Magic "mprocRNG" (64)                     |    0
 *  +-------------------------------+-------------------------------+
 *  |          Version (32)         |       Capacity (32)           |    8
 *  +-------------------------------+-------------------------------+
 *  |                         (unused)                              |   16
 *  +---------------------------------------------------------------+
 *  |                         Tail (64)                             |  128
 *  +---------------------------------------------------------------+
 *  |                         Head (64)                             |  256
 *  +-------------------------------+-------------------------------+
 *  |       Reader Parked (32)      |                                  384
 *  +-------------------------------+-------------------------------+
 *  |       Writer Parked (32)      |                                  512
 *  +-------------------------------+-------------------------------+
 *  |              Data: Capacity bytes of records                  |  640
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>A record is a header of 8 bytes and its payload, padded to {@link #RECORD_ALIGNMENT}:
 * <pre>
 *  +-------------------------------+-------------------------------+
 *  |       Payload Length (32)     |           Flags (32)          |
 *  +-------------------------------+-------------------------------+
 *  |                   Payload, then padding to 8                  |
 *  +---------------------------------------------------------------+
 * </pre>
 * A message is one record flagged {@link #BEGIN} and {@link #END}, or several: the first {@link #BEGIN}, the last
 * {@link #END}. A record flagged {@link #PADDING} fills the end of the data area when the next record does not fit
 * before it wraps; the reader skips it.
 *
 * <p>Memory ordering, word by word:
 * <ul>
 *   <li><b>Magic</b>: written by the creator with a <i>release</i> store after every other word is initialised; read
 *   with <i>acquire</i> by the attaching process, so that a valid magic publishes the rest.</li>
 *   <li><b>Version, Capacity</b>: <i>plain</i>, written before the magic, never again.</li>
 *   <li><b>Tail</b>: the position (a byte count that only grows; the offset in the data area is it modulo the capacity)
 *   after the last published record. Written only by the writer, with a <i>volatile</i> store after the records it
 *   publishes are written plain, so that the reader's <i>acquire</i> load of the tail makes them visible, and so that
 *   the writer's next load of Reader Parked cannot be ordered before it (the store-load pair of the wake-up
 *   protocol).</li>
 *   <li><b>Head</b>: the position after the last record the reader has consumed. Written only by the reader, with a
 *   <i>volatile</i> store once it no longer reads the records before it (they may then be overwritten); the writer
 *   loads it with <i>acquire</i> to know how much room it has.</li>
 *   <li><b>Reader Parked</b>: set to 1 by a reader about to block, with a <i>volatile</i> store followed by a volatile
 *   load of the tail: either it sees the record that made it park needless, or the writer, whose volatile tail store
 *   precedes its volatile load of this flag, sees 1, clears it with a compare-and-set and rings the reader's bell.
 *   <b>Writer Parked</b> is the same for a writer waiting for room, with the head and the reader's roles swapped.</li>
 *   <li><b>Records</b>: <i>plain</i> writes by the writer before its tail store; <i>plain</i> reads by the reader after
 *   its acquire load of the tail, done before its head store.</li>
 * </ul>
 * A writer killed mid-record never published it (the tail moves only after a whole record); a writer killed between
 * the records of one message published its first records only, and the reader drops them when it learns the writer
 * is gone, so a partial message is never delivered.
 *
 * <p><b>Thread safety:</b> constants and checks. <b>Process safety:</b> see the orderings above.
 */
public final class RingDescriptor {

    /** "mprocRNG" in ASCII, as a little-endian long. */
    public static final long MAGIC = 0x474E_5263_6F72_706DL;
    /** Layout version; a file of another version is refused. */
    public static final int VERSION = 1;

    /** Offset of the magic. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the version. */
    public static final int VERSION_OFFSET = 8;
    /** Offset of the capacity. */
    public static final int CAPACITY_OFFSET = 12;
    /** Offset of the tail, alone on its cache lines (two, for the adjacent-line prefetcher). */
    public static final int TAIL_OFFSET = 128;
    /** Offset of the head, alone on its cache lines. */
    public static final int HEAD_OFFSET = 256;
    /** Offset of the reader's parked flag. */
    public static final int READER_PARKED_OFFSET = 384;
    /** Offset of the writer's parked flag. */
    public static final int WRITER_PARKED_OFFSET = 512;
    /** Offset of the data area. */
    public static final int DATA_OFFSET = 640;

    /** Bytes of a record's header. */
    public static final int RECORD_HEADER = 8;
    /** Records start at multiples of this. */
    public static final int RECORD_ALIGNMENT = 8;
    /** Offset of the payload length in a record. */
    public static final int LENGTH_IN_RECORD = 0;
    /** Offset of the flags in a record. */
    public static final int FLAGS_IN_RECORD = 4;

    /** The record starts a message. */
    public static final int BEGIN = 1;
    /** The record ends a message. */
    public static final int END = 2;
    /** The record fills the rest of the data area; it has no payload to read. */
    public static final int PADDING = 4;

    /** The smallest data area. */
    public static final int MIN_CAPACITY = 4096;
    /** The largest data area: positions are compared as longs, offsets computed as ints. */
    public static final int MAX_CAPACITY = 1 << 30;

    private RingDescriptor() {
    }

    /**
     * @param capacity bytes of the data area
     * @return the file's length
     * @throws IllegalArgumentException when the capacity is not a power of two within the bounds
     */
    public static long fileLength(final int capacity) {
        checkCapacity(capacity);
        return (long) DATA_OFFSET + capacity;
    }

    /**
     * @param capacity bytes of the data area
     * @throws IllegalArgumentException when it is not a power of two between {@link #MIN_CAPACITY} and
     *                                  {@link #MAX_CAPACITY}
     */
    public static void checkCapacity(final int capacity) {
        if (capacity < MIN_CAPACITY || capacity > MAX_CAPACITY || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("a ring's capacity is a power of two from " + MIN_CAPACITY + " to "
                + MAX_CAPACITY + " bytes: " + capacity);
        }
    }

    /**
     * @param capacity bytes of the data area
     * @return the largest payload of one record: a quarter of the data area, so that a writer always makes progress
     *     once the reader has consumed what is there
     */
    public static int maxFragment(final int capacity) {
        return capacity / 4 - RECORD_HEADER;
    }

    /**
     * @param payload bytes of a record's payload
     * @return the bytes the record takes in the data area, header and padding included
     */
    public static int recordLength(final int payload) {
        return (RECORD_HEADER + payload + RECORD_ALIGNMENT - 1) & -RECORD_ALIGNMENT;
    }
}
