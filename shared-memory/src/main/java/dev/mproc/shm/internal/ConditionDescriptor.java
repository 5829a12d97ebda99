package dev.mproc.shm.internal;

import java.nio.charset.StandardCharsets;
import dev.mproc.shm.AtomicBuffer;

/**
 * The body of a condition file: which lock it belongs to, and a table of waiters, each with a ticket so that
 * {@code signal()} wakes the longest waiting one.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                        Next Ticket (64)                       |   0
 *  +-------------------------------+-------------------------------+
 *  |        Lock Kind (32)         |     Lock Name Length (32)     |   8
 *  +-------------------------------+-------------------------------+
 *  |                 Lock Name (ASCII, 240 bytes)                  |  16
 *  +---------------------------------------------------------------+
 *  |      Waiter slot 0: Waiter (64) | Ticket or SIGNALLED (64)    | 256
 *  |                  ... 64 slots of 16 bytes ...                 |
 *  +---------------------------------------------------------------+
 * </pre>
 * (offsets relative to {@link HeaderDescriptor#BODY_OFFSET})
 *
 * <p>Memory ordering, word by word:
 * <ul>
 *   <li><b>Next Ticket</b>: <i>plain</i>, read and written only while holding the lock (which orders it).</li>
 *   <li><b>Lock Kind, Lock Name</b>: <i>plain</i>, written by the creator before the header's magic; read on
 * attach.</li>
 *   <li><b>Waiter</b> (pid and thread, 0 when the slot is free): claimed and freed while holding the lock,
 *   <i>volatile</i> stores; read while holding the lock.</li>
 *   <li><b>Ticket</b>: written with a <i>volatile</i> store by the waiter (its ticket) while holding the lock, and set
 *   to {@link #SIGNALLED} with a <i>volatile</i> store by a signaller while holding the lock; the waiter polls it with
 *   <i>volatile</i> loads without the lock, then re-reads it under the lock to decide, so a signal and a timeout
 *   never both count.</li>
 * </ul>
 *
 * <p><b>Thread safety:</b> constants. <b>Process safety:</b> see the orderings above.
 */
public final class ConditionDescriptor {

    /** Offset of the next ticket in the body. */
    public static final int NEXT_TICKET_OFFSET = 0;
    /** Offset of the lock's kind in the body. */
    public static final int LOCK_KIND_OFFSET = 8;
    /** Offset of the lock name's length in the body. */
    public static final int LOCK_NAME_LENGTH_OFFSET = 12;
    /** Offset of the lock's name in the body. */
    public static final int LOCK_NAME_OFFSET = 16;
    /** Room for the lock's name. */
    public static final int LOCK_NAME_CAPACITY = 240;
    /** Offset of the first waiter slot in the body. */
    public static final int SLOTS_OFFSET = 256;
    /** How many threads may wait at once. */
    public static final int SLOTS = 64;
    /** A slot's length. */
    public static final int SLOT_LENGTH = 16;
    /** The body's length. */
    public static final int LENGTH = SLOTS_OFFSET + SLOTS * SLOT_LENGTH;
    /** The ticket word's value once the waiter has been signalled. */
    public static final long SIGNALLED = -1;

    private ConditionDescriptor() {
    }

    /**
     * @param slot a slot number
     * @return the file offset of its waiter word; its ticket word follows
     */
    public static int slotOffset(final int slot) {
        return HeaderDescriptor.BODY_OFFSET + SLOTS_OFFSET + slot * SLOT_LENGTH;
    }

    /**
     * Writes the lock's identity (plain stores, published by the header's magic).
     *
     * @param buffer   the whole file
     * @param lockKind the lock's kind
     * @param lockName the lock's file name
     */
    public static void initialise(final AtomicBuffer buffer, final Kind lockKind, final String lockName) {
        final byte[] name = lockName.getBytes(StandardCharsets.US_ASCII);
        if (name.length > LOCK_NAME_CAPACITY) {
            throw new IllegalArgumentException("lock name longer than " + LOCK_NAME_CAPACITY + ": " + lockName);
        }
        final int body = HeaderDescriptor.BODY_OFFSET;
        buffer.putInt(body + LOCK_KIND_OFFSET, lockKind.code());
        buffer.putInt(body + LOCK_NAME_LENGTH_OFFSET, name.length);
        buffer.putBytes(body + LOCK_NAME_OFFSET, name);
    }

    /**
     * @param buffer the whole file
     * @return the lock's kind
     */
    public static Kind lockKind(final AtomicBuffer buffer) {
        return Kind.of(buffer.getInt(HeaderDescriptor.BODY_OFFSET + LOCK_KIND_OFFSET));
    }

    /**
     * @param buffer the whole file
     * @return the lock's file name
     */
    public static String lockName(final AtomicBuffer buffer) {
        final int body = HeaderDescriptor.BODY_OFFSET;
        final int length = Math.min(LOCK_NAME_CAPACITY, Math.max(0, buffer.getInt(body + LOCK_NAME_LENGTH_OFFSET)));
        final byte[] name = new byte[length];
        buffer.getBytes(body + LOCK_NAME_OFFSET, name);
        return new String(name, StandardCharsets.US_ASCII);
    }
}
