package dev.mproc.shm.internal;

/**
 * The layout of a {@code ShareableList} inside the bytes of a {@code SharedMemory} block (so that the block is also
 * an ordinary {@code SharedMemory}, as in Python): a fixed table of slots, each with its own capacity, type and
 * sequence word.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                    List Magic "mprocSLs" (64)                 |  0
 *  +-------------------------------+-------------------------------+
 *  |      Layout Version (32)      |           Count (32)          |  8
 *  +-------------------------------+-------------------------------+
 *  |     Slot 0 Offset (32)        |     Slot 0 Capacity (32)      | 16
 *  |                 ... Count entries of 64 bits ...              |
 *  +---------------------------------------------------------------+
 *  |  Slot 0: Control (64) = Sequence (32, high) | Writer Pid (32) |  Slot 0 Offset
 *  +-------------------------------+-------------------------------+
 *  |           Type (32)           |          Length (32)          |  + 8
 *  +-------------------------------+-------------------------------+
 *  |               Data, Capacity bytes (a multiple of 8)          |  + 16
 *  +---------------------------------------------------------------+
 *  |  Slot 1 ...                                                   |
 * </pre>
 * (offsets relative to the first byte of the block's data, 64-byte aligned, so every control word is aligned)
 *
 * <p>A slot's capacity is fixed at creation, as in Python: 8 bytes for a number, a boolean or null, and
 * {@code 8 * (n / 8 + 1)} bytes for a string of n bytes of UTF-8 or a byte array of n bytes. Any value that fits
 * may be stored in any slot later (a long in a string's slot, a short string in a number's slot).
 *
 * <p>Memory ordering, word by word:
 * <ul>
 *   <li><b>List Magic, Layout Version, Count, the slot table</b>: <i>plain</i>, written by the creator before the
 *   file header's magic (whose release publishes them) and never again; checked once on attach.</li>
 *   <li><b>Control</b>: a sequence lock per slot. A writer claims the slot with a <i>volatile</i> compare-and-set from
 *   (s, 0) to (s + 1, its pid), writes Type, Length and Data with <i>plain</i> stores, then frees it with a
 *   <i>release</i> store of (s + 1, 0). A reader loads Control (<i>volatile</i>), waits while a writer holds it,
 *   reads Type, Length and Data with <i>plain</i> loads, issues a load-load fence, loads Control again and starts over
 *   if it changed. So a read returns exactly one write's value, never a mix of two (wrapping the 32-bit sequence
 *   during one read, 2<sup>32</sup> writes, is not guarded against). Writers of one slot exclude each other;
 *   different slots are independent.</li>
 *   <li><b>Writer died</b>: a thread waiting on a slot whose writer pid is dead (checked every few milliseconds)
 *   takes the slot over with a compare-and-set from (s, dead pid) to (s + 1, its pid), stores a null (the half-written
 *   value is lost), and frees it as a writer does.</li>
 * </ul>
 *
 * <p><b>Thread safety:</b> constants. <b>Process safety:</b> see the orderings above.
 */
public final class ShareableListDescriptor {

    /** "mprocSLs" in ASCII, as a little-endian long. */
    public static final long MAGIC = 0x734C_5363_6F72_706DL;
    /** Layout version; a list of another version is refused. */
    public static final int VERSION = 1;

    /** Offset of the list magic. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the layout version. */
    public static final int VERSION_OFFSET = 8;
    /** Offset of the count of slots. */
    public static final int COUNT_OFFSET = 12;
    /** Offset of the slot table. */
    public static final int TABLE_OFFSET = 16;
    /** Bytes of one slot-table entry. */
    public static final int TABLE_ENTRY_LENGTH = 8;

    /** Offset of the control word in a slot. */
    public static final int CONTROL_OFFSET = 0;
    /** Offset of the type in a slot. */
    public static final int TYPE_OFFSET = 8;
    /** Offset of the length in a slot. */
    public static final int LENGTH_OFFSET = 12;
    /** Offset of the data in a slot. */
    public static final int DATA_OFFSET = 16;

    /** Type of a null. */
    public static final int NULL = 0;
    /** Type of a 64-bit signed integer (any Java integer type). */
    public static final int LONG = 1;
    /** Type of a 64-bit floating-point number. */
    public static final int DOUBLE = 2;
    /** Type of a boolean (one byte, 0 or 1). */
    public static final int BOOLEAN = 3;
    /** Type of a string, as UTF-8. */
    public static final int STRING = 4;
    /** Type of a byte array. */
    public static final int BYTES = 5;

    /** Bytes of a number, boolean or null slot, and the unit every capacity is a multiple of. */
    public static final int WORD = 8;
    /** The writer-pid bits of the control word. */
    public static final long WRITER_MASK = 0xFFFF_FFFFL;

    private ShareableListDescriptor() {
    }

    /**
     * @param index a slot's index
     * @return the offset of its table entry
     */
    public static int tableEntryOffset(final int index) {
        return TABLE_OFFSET + index * TABLE_ENTRY_LENGTH;
    }

    /**
     * @param count how many slots
     * @return the offset of the first slot
     */
    public static long slotsOffset(final int count) {
        return TABLE_OFFSET + (long) count * TABLE_ENTRY_LENGTH;
    }

    /**
     * Python's rule: a string or byte array of n bytes gets the next multiple of 8 above n.
     *
     * @param length the bytes of a string's UTF-8 or of a byte array
     * @return the capacity of its slot
     */
    public static int capacityFor(final int length) {
        return Math.addExact(Math.multiplyExact(length / WORD, WORD), WORD);
    }

    /**
     * @param control a control word
     * @return the pid of the process writing the slot, or 0
     */
    public static long writer(final long control) {
        return control & WRITER_MASK;
    }

    /**
     * @param control a control word
     * @param pid     the writer's pid
     * @return the control word that claims the slot for the given writer: the next sequence
     */
    public static long claim(final long control, final long pid) {
        return ((control >>> 32) + 1) << 32 | (pid & WRITER_MASK);
    }

    /**
     * @param claimed a control word from {@link #claim}
     * @return the control word that frees the slot, keeping the claim's sequence
     */
    public static long free(final long claimed) {
        return claimed & ~WRITER_MASK;
    }
}
