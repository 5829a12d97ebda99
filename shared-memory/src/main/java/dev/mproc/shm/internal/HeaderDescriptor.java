package dev.mproc.shm.internal;

import java.io.IOException;
import dev.mproc.shm.AtomicBuffer;

/**
 * The header every mproc shared-memory file starts with: what the file holds, how long it is, and which processes
 * have it mapped. The body (one of the other {@code *Descriptor} layouts) starts at {@link #BODY_OFFSET}.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     Magic "mprocSHM" (64)                     |  0
 *  +-------------------------------+-------------------------------+
 *  |          Version (32)         |            Kind (32)          |  8
 *  +-------------------------------+-------------------------------+
 *  |                      File Length (64)                         | 16
 *  +---------------------------------------------------------------+
 *  |                      Body Length (64)                         | 24
 *  +---------------------------------------------------------------+
 *  |                      Creator Key (64)                         | 32
 *  +---------------------------------------------------------------+
 *  |                       Owner Key (64)                          | 40
 *  +---------------------------------------------------------------+
 *  |                    (unused up to 64)                          | 48
 *  +---------------------------------------------------------------+
 *  |            Attached process keys, 120 slots of 64 bits        | 64
 *  |                             ...                               |
 *  +---------------------------------------------------------------+
 *  |                  Body (kind-specific layout)                  | 1024
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Memory ordering, word by word:
 * <ul>
 *   <li><b>Magic</b>: written once by the creator with a <i>release</i> store after every other header and body word
 *   is initialised; read with <i>acquire</i> by an attaching process, so that a valid magic publishes the rest.</li>
 *   <li><b>Version, Kind, File Length, Body Length, Creator Key</b>: <i>plain</i>, written by the creator before the
 *   magic and never again; read plain after the magic's acquire.</li>
 *   <li><b>Owner Key</b>: 0, or the {@link Pids} key of the process whose death unlinks the file even while other
 *   processes have it mapped (a {@code SharedMemoryManager}'s process). Written with a <i>volatile</i> store by that
 *   process once, right after it creates the file (a file whose creator dies before that is an ordinary file of a
 *   dead process); read by the sweep, which unlinks the file once that process is dead. The word was unused before,
 *   and zero, so older files of this version read as having no owner.</li>
 *   <li><b>Attached process keys</b>: a slot is 0 (free) or a {@link Pids} key. A process claims a free slot with a
 *   <i>volatile</i> compare-and-set when it maps the file, and clears its own slot (or a dead process's slot) with a
 *   compare-and-set when it unmaps; readers use <i>volatile</i> loads. Because the clear and the following scan are
 *   both sequentially consistent, of two processes closing at once at least one sees the other gone, so the last
 *   live user always removes the file. A process killed with {@code kill -9} leaves its key behind; anyone may clear
 *   it once {@link Pids#isAlive} says it is dead, and the sweep removes a file whose keys are all dead.</li>
 * </ul>
 *
 * <p><b>Thread safety:</b> constants and stateless checks. <b>Process safety:</b> see the orderings above.
 */
public final class HeaderDescriptor {

    /** "mprocSHM" in ASCII, as a little-endian long. */
    public static final long MAGIC = 0x4D48_5363_6F72_706DL;
    /** Layout version; a file of another version is refused. */
    public static final int VERSION = 2;

    /** Offset of the magic. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the version. */
    public static final int VERSION_OFFSET = 8;
    /** Offset of the kind. */
    public static final int KIND_OFFSET = 12;
    /** Offset of the file length. */
    public static final int FILE_LENGTH_OFFSET = 16;
    /** Offset of the body length. */
    public static final int BODY_LENGTH_OFFSET = 24;
    /** Offset of the creator's key. */
    public static final int CREATOR_OFFSET = 32;
    /** Offset of the owner's key: the process whose death unlinks the file. */
    public static final int OWNER_OFFSET = 40;
    /** Offset of the first attached-process slot. */
    public static final int PID_TABLE_OFFSET = 64;
    /** How many processes may have one file mapped at once. */
    public static final int PID_SLOTS = 120;
    /** Offset of the body. */
    public static final int BODY_OFFSET = 1024;
    /** Bodies are padded to this many bytes, a cache line, so separate words of separate files never share one. */
    public static final int ALIGNMENT = 64;

    private HeaderDescriptor() {
    }

    /**
     * @param slot a slot number, 0 to {@link #PID_SLOTS} - 1
     * @return the slot's offset
     */
    public static int pidSlotOffset(final int slot) {
        return PID_TABLE_OFFSET + slot * Long.BYTES;
    }

    /**
     * @param bodyLength the body's length
     * @return the file's length: the header and the body padded to {@link #ALIGNMENT}
     */
    public static long fileLength(final long bodyLength) {
        return BODY_OFFSET + ((bodyLength + ALIGNMENT - 1) & -ALIGNMENT);
    }

    /**
     * Writes every header word but the magic and the slots (plain stores, before the magic's release).
     *
     * @param buffer     the whole file
     * @param kind       what the file holds
     * @param bodyLength the body's length
     */
    public static void initialise(final AtomicBuffer buffer, final Kind kind, final long bodyLength) {
        buffer.putInt(VERSION_OFFSET, VERSION);
        buffer.putInt(KIND_OFFSET, kind.code());
        buffer.putLong(FILE_LENGTH_OFFSET, buffer.capacity());
        buffer.putLong(BODY_LENGTH_OFFSET, bodyLength);
        buffer.putLong(CREATOR_OFFSET, Pids.selfKey());
    }

    /**
     * Checks a mapped file once, on attach: magic, version, kind and lengths.
     *
     * @param buffer   the whole file
     * @param name     the file's name, for messages
     * @param expected the kind the caller wants
     * @throws IOException naming what is wrong
     */
    public static void check(final AtomicBuffer buffer, final String name, final Kind expected) throws IOException {
        if (buffer.capacity() < BODY_OFFSET || buffer.getLongAcquire(MAGIC_OFFSET) != MAGIC) {
            throw new IOException("'" + name + "' is not an mproc shared-memory file (bad magic or only "
                + buffer.capacity() + " bytes)");
        }
        final int version = buffer.getInt(VERSION_OFFSET);
        if (version != VERSION) {
            throw new IOException("'" + name + "' has layout version " + version + ", this library reads " + VERSION);
        }
        final Kind kind = Kind.of(buffer.getInt(KIND_OFFSET));
        if (kind != expected) {
            final String found = kind == null ? "kind " + buffer.getInt(KIND_OFFSET) : kind.label();
            throw new IOException("'" + name + "' holds a shared " + found + ", not a shared " + expected.label());
        }
        final long recorded = buffer.getLong(FILE_LENGTH_OFFSET);
        final long bodyLength = buffer.getLong(BODY_LENGTH_OFFSET);
        if (recorded != buffer.capacity() || bodyLength < 0 || fileLength(bodyLength) != recorded) {
            throw new IOException("'" + name + "' is " + buffer.capacity() + " bytes long, its header says "
                + recorded + " (body " + bodyLength + "): truncated or corrupt");
        }
    }
}
