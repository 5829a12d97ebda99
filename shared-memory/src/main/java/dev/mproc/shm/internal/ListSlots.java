package dev.mproc.shm.internal;

import static dev.mproc.shm.internal.ShareableListDescriptor.BOOLEAN;
import static dev.mproc.shm.internal.ShareableListDescriptor.BYTES;
import static dev.mproc.shm.internal.ShareableListDescriptor.CONTROL_OFFSET;
import static dev.mproc.shm.internal.ShareableListDescriptor.DATA_OFFSET;
import static dev.mproc.shm.internal.ShareableListDescriptor.DOUBLE;
import static dev.mproc.shm.internal.ShareableListDescriptor.LENGTH_OFFSET;
import static dev.mproc.shm.internal.ShareableListDescriptor.LONG;
import static dev.mproc.shm.internal.ShareableListDescriptor.NULL;
import static dev.mproc.shm.internal.ShareableListDescriptor.STRING;
import static dev.mproc.shm.internal.ShareableListDescriptor.TYPE_OFFSET;
import static dev.mproc.shm.internal.ShareableListDescriptor.WORD;

import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.List;
import dev.mproc.shm.AtomicBuffer;

/**
 * The slots of a shareable list in a mapped file ({@link ShareableListDescriptor}): lays them out, checks them on
 * attach, and reads and writes one slot under its sequence lock. Values are already normalised by the caller:
 * {@code null}, {@link Long}, {@link Double}, {@link Boolean}, {@link String} or {@code byte[]}.
 *
 * <p><b>Thread safety:</b> safe for concurrent use. <b>Process safety:</b> see {@link ShareableListDescriptor}.
 */
public final class ListSlots {

    private static final System.Logger LOG = System.getLogger(ListSlots.class.getName());

    private final Segment segment;
    private final AtomicBuffer buffer;
    private final int base;
    private final int count;

    private ListSlots(final Segment segment, final int base) {
        this.segment = segment;
        this.buffer = segment.buffer();
        this.base = base;
        this.count = buffer.getInt(base + ShareableListDescriptor.COUNT_OFFSET);
    }

    /**
     * The bytes a list of these values needs.
     *
     * @param values normalised values
     * @param limit  the largest length allowed
     * @return the data length
     * @throws IllegalArgumentException when it would be larger than {@code limit}
     */
    public static long length(final List<Object> values, final long limit) {
        long length = ShareableListDescriptor.slotsOffset(values.size());
        for (final Object value : values) {
            length += DATA_OFFSET + capacityOf(value);
        }
        if (length > limit) {
            throw new IllegalArgumentException("a ShareableList of these " + values.size() + " values needs "
                + length + " bytes, more than the largest block (" + limit + ")");
        }
        return length;
    }

    /**
     * Writes the list's words, with plain stores (the file header's magic publishes them).
     *
     * @param buffer the whole file
     * @param base   the offset of the block's data in it
     * @param values normalised values
     */
    public static void initialise(final AtomicBuffer buffer, final int base, final List<Object> values) {
        buffer.putLong(base + ShareableListDescriptor.MAGIC_OFFSET, ShareableListDescriptor.MAGIC);
        buffer.putInt(base + ShareableListDescriptor.VERSION_OFFSET, ShareableListDescriptor.VERSION);
        buffer.putInt(base + ShareableListDescriptor.COUNT_OFFSET, values.size());
        int offset = (int) ShareableListDescriptor.slotsOffset(values.size());
        for (int i = 0; i < values.size(); i++) {
            final Object value = values.get(i);
            final int capacity = capacityOf(value);
            buffer.putInt(base + ShareableListDescriptor.tableEntryOffset(i), offset);
            buffer.putInt(base + ShareableListDescriptor.tableEntryOffset(i) + Integer.BYTES, capacity);
            store(buffer, base + offset, value, encoded(value));
            offset += DATA_OFFSET + capacity;
        }
    }

    /**
     * Views the list in a block, checking its words once.
     *
     * @param segment the block's file
     * @param base    the offset of the block's data in it
     * @param name    the block's name, for messages
     * @return the slots
     * @throws IOException when the block does not hold a list of this layout
     */
    public static ListSlots attach(final Segment segment, final int base, final String name) throws IOException {
        final AtomicBuffer buffer = segment.buffer();
        final long dataLength = segment.bodyLength();
        if (dataLength < ShareableListDescriptor.TABLE_OFFSET
            || buffer.getLong(base + ShareableListDescriptor.MAGIC_OFFSET) != ShareableListDescriptor.MAGIC) {
            throw new IOException("shared memory '" + name + "' does not hold a ShareableList");
        }
        final int version = buffer.getInt(base + ShareableListDescriptor.VERSION_OFFSET);
        if (version != ShareableListDescriptor.VERSION) {
            throw new IOException("ShareableList '" + name + "' has layout version " + version + ", this library reads "
                + ShareableListDescriptor.VERSION);
        }
        final int count = buffer.getInt(base + ShareableListDescriptor.COUNT_OFFSET);
        long end = ShareableListDescriptor.slotsOffset(Math.max(count, 0));
        boolean valid = count >= 0 && end <= dataLength;
        for (int i = 0; valid && i < count; i++) {
            final int offset = buffer.getInt(base + ShareableListDescriptor.tableEntryOffset(i));
            final int capacity = buffer.getInt(base + ShareableListDescriptor.tableEntryOffset(i) + Integer.BYTES);
            valid = offset == end && capacity >= WORD && capacity % WORD == 0;
            end = offset + (long) DATA_OFFSET + capacity;
            valid &= end <= dataLength;
        }
        if (!valid) {
            throw new IOException("ShareableList '" + name + "' is corrupt: its slot table does not fit its "
                + dataLength + " bytes");
        }
        return new ListSlots(segment, base);
    }

    /** @return how many slots */
    public int count() {
        return count;
    }

    /**
     * @param index a slot's index, checked by the caller
     * @return its capacity in bytes
     */
    public int capacity(final int index) {
        return buffer.getInt(base + ShareableListDescriptor.tableEntryOffset(index) + Integer.BYTES);
    }

    /**
     * Reads one slot: the value of exactly one write.
     *
     * @param index a slot's index, checked by the caller
     * @return its value, normalised
     */
    public Object read(final int index) {
        final int slot = slotOffset(index);
        final int capacity = capacity(index);
        Waiter waiter = null;
        while (true) {
            final long control = buffer.getLongVolatile(slot + CONTROL_OFFSET);
            if (ShareableListDescriptor.writer(control) != 0) {
                waiter = waiter == null ? Waiter.forever(false) : waiter;
                waitForWriter(slot, control, waiter);
                continue;
            }
            final int type = buffer.getInt(slot + TYPE_OFFSET);
            final int length = buffer.getInt(slot + LENGTH_OFFSET);
            Object raw = null;
            if (length >= 0 && length <= capacity) {
                raw = readRaw(slot + DATA_OFFSET, type, length);
            }
            VarHandle.loadLoadFence();
            if (buffer.getLongVolatile(slot + CONTROL_OFFSET) == control) {
                return decode(type, raw);
            }
        }
    }

    /**
     * Writes one slot, waiting for any other writer of it.
     *
     * @param index a slot's index, checked by the caller
     * @param value a normalised value
     * @throws IllegalArgumentException when the value does not fit the slot (nothing is written)
     */
    public void write(final int index, final Object value) {
        final byte[] bytes = encoded(value);
        final int capacity = capacity(index);
        if (bytes != null && bytes.length > capacity) {
            throw new IllegalArgumentException((value instanceof String ? "a string of " : "a byte array of ")
                + bytes.length + " bytes exceeds available storage of slot " + index + " (" + capacity + " bytes)");
        }
        final int slot = slotOffset(index);
        final long claimed = claim(slot);
        store(buffer, slot, value, bytes);
        buffer.putLongRelease(slot + CONTROL_OFFSET, ShareableListDescriptor.free(claimed));
    }

    private long claim(final int slot) {
        final long self = Pids.selfPid();
        Waiter waiter = null;
        while (true) {
            final long control = buffer.getLongVolatile(slot + CONTROL_OFFSET);
            if (ShareableListDescriptor.writer(control) != 0) {
                waiter = waiter == null ? Waiter.forever(false) : waiter;
                waitForWriter(slot, control, waiter);
            } else {
                final long claimed = ShareableListDescriptor.claim(control, self);
                if (buffer.compareAndSetLong(slot + CONTROL_OFFSET, control, claimed)) {
                    return claimed;
                }
            }
        }
    }

    /** Waits a little for a writer, or takes the slot over from a dead one and stores a null. */
    private void waitForWriter(final int slot, final long control, final Waiter waiter) {
        final long writer = ShareableListDescriptor.writer(control);
        if (waiter.livenessCheckDue() && !segment.isPidAlive(writer)) {
            final long claimed = ShareableListDescriptor.claim(control, Pids.selfPid());
            if (buffer.compareAndSetLong(slot + CONTROL_OFFSET, control, claimed)) {
                LOG.log(System.Logger.Level.WARNING, "process {0} died writing slot at {1} of {2}: it now holds null",
                    Long.toString(writer), Integer.toString(slot), segment);
                store(buffer, slot, null, null);
                buffer.putLongRelease(slot + CONTROL_OFFSET, ShareableListDescriptor.free(claimed));
            }
            return;
        }
        try {
            waiter.idle();
        } catch (final InterruptedException e) {
            throw new AssertionError("an uninterruptible waiter was interrupted", e);
        }
    }

    private int slotOffset(final int index) {
        return base + buffer.getInt(base + ShareableListDescriptor.tableEntryOffset(index));
    }

    private Object readRaw(final int data, final int type, final int length) {
        switch (type) {
            case LONG:
                return buffer.getLong(data);
            case DOUBLE:
                return buffer.getDouble(data);
            case BOOLEAN:
                return buffer.getByte(data) != 0;
            case STRING:
            case BYTES:
                final byte[] bytes = new byte[length];
                buffer.getBytes(data, bytes);
                return bytes;
            default:
                return null;
        }
    }

    private Object decode(final int type, final Object raw) {
        switch (type) {
            case NULL:
                return null;
            case LONG:
            case DOUBLE:
            case BOOLEAN:
            case BYTES:
                if (raw != null) {
                    return raw;
                }
                break;
            case STRING:
                if (raw != null) {
                    return new String((byte[]) raw, StandardCharsets.UTF_8);
                }
                break;
            default:
                break;
        }
        throw new IllegalStateException(segment + " is corrupt: a slot has type " + type + " and a bad length");
    }

    private static void store(final AtomicBuffer buffer, final int slot, final Object value, final byte[] bytes) {
        final int data = slot + DATA_OFFSET;
        int type = NULL;
        int length = 0;
        if (value instanceof Long) {
            type = LONG;
            length = Long.BYTES;
            buffer.putLong(data, (Long) value);
        } else if (value instanceof Double) {
            type = DOUBLE;
            length = Double.BYTES;
            buffer.putDouble(data, (Double) value);
        } else if (value instanceof Boolean) {
            type = BOOLEAN;
            length = 1;
            buffer.putByte(data, (byte) ((Boolean) value ? 1 : 0));
        } else if (bytes != null) {
            type = value instanceof String ? STRING : BYTES;
            length = bytes.length;
            buffer.putBytes(data, bytes);
        }
        buffer.putInt(slot + TYPE_OFFSET, type);
        buffer.putInt(slot + LENGTH_OFFSET, length);
    }

    private static byte[] encoded(final Object value) {
        if (value instanceof String) {
            return ((String) value).getBytes(StandardCharsets.UTF_8);
        }
        return value instanceof byte[] ? (byte[]) value : null;
    }

    private static int capacityOf(final Object value) {
        final byte[] bytes = encoded(value);
        return bytes == null ? WORD : ShareableListDescriptor.capacityFor(bytes.length);
    }
}
