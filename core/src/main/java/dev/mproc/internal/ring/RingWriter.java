package dev.mproc.internal.ring;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;

/**
 * Publishes messages into a ring, the single writer of its tail. A message longer than one record's payload
 * ({@link RingDescriptor#maxFragment}) is carried in several records, each published as soon as it is written, so a
 * message of any length crosses a ring of any capacity while the reader consumes it.
 *
 * <p>A message is committed when its last record is published: from then on it is in the mapped file, and the
 * writer's death does not take it back.
 *
 * <p><b>Thread safety:</b> one writing thread at a time. <b>Process safety:</b> one writing process per ring; the
 * reader may be in another process (see {@link RingDescriptor} for the ordering).
 */
public final class RingWriter {

    private final RingFile ring;
    private final MappedByteBuffer buffer;
    private final Doorbell readerBell;
    private final Wakeup roomWakeup;
    private final int capacity;
    private final int mask;
    private final int maxFragment;
    private long tail;
    private long headCache;

    /**
     * @param ring       the ring, empty or as this writer's predecessor left it
     * @param readerBell wakes the reader parked for a record
     * @param roomWakeup where this writer parks waiting for room; rung by the reader
     */
    public RingWriter(final RingFile ring, final Doorbell readerBell, final Wakeup roomWakeup) {
        this.ring = ring;
        this.buffer = ring.buffer();
        this.readerBell = readerBell;
        this.roomWakeup = roomWakeup;
        this.capacity = ring.capacity();
        this.mask = capacity - 1;
        this.maxFragment = RingDescriptor.maxFragment(capacity);
        this.tail = ring.tailVolatile();
        this.headCache = ring.headAcquire();
    }

    /**
     * Publishes the message without waiting, when it fits one record and there is room for it now.
     *
     * @param message the bytes from its position to its limit; its position is not moved
     * @return whether it was published
     * @throws IOException when the reader's bell cannot be rung
     */
    public boolean offer(final ByteBuffer message) throws IOException {
        final int length = message.remaining();
        if (length > maxFragment || !hasRoom(RingDescriptor.recordLength(length))) {
            return false;
        }
        put(message, message.position(), length, RingDescriptor.BEGIN | RingDescriptor.END);
        publish();
        return true;
    }

    /**
     * Publishes the message, in as many records as it needs, waiting for room.
     *
     * @param message the bytes from its position to its limit; its position is not moved
     * @throws EOFException         when the reader is gone before the message is published
     * @throws InterruptedException when interrupted while waiting for room; records already published stay, and the
     *                              reader drops them as part of a message that did not end
     * @throws IOException          when the reader's bell cannot be rung
     */
    public void write(final ByteBuffer message) throws IOException, InterruptedException {
        int from = message.position();
        int left = message.remaining();
        int flags = RingDescriptor.BEGIN;
        do {
            final int length = Math.min(left, maxFragment);
            if (length == left) {
                flags |= RingDescriptor.END;
            }
            final int record = RingDescriptor.recordLength(length);
            if (!hasRoom(record) && !SharedWait.until(ring, RingDescriptor.WRITER_PARKED_OFFSET,
                () -> hasRoom(record), roomWakeup, Long.MAX_VALUE)) {
                throw new EOFException("the ring's reader is gone");
            }
            put(message, from, length, flags);
            publish();
            from += length;
            left -= length;
            flags = 0;
        } while (left > 0);
    }

    /** @return bytes published and not yet consumed, as last seen */
    public long backlog() {
        return tail - ring.headAcquire();
    }

    /** Room for the record, and for the padding before it when it would cross the end of the data area. */
    private boolean hasRoom(final int record) {
        final int offset = (int) (tail & mask);
        final long needed = offset + record > capacity ? capacity - offset + record : record;
        if (tail + needed - headCache <= capacity) {
            return true;
        }
        headCache = ring.headAcquire();
        return tail + needed - headCache <= capacity;
    }

    private void put(final ByteBuffer message, final int from, final int length, final int flags) {
        int offset = (int) (tail & mask);
        final int record = RingDescriptor.recordLength(length);
        if (offset + record > capacity) {
            final int padding = capacity - offset;
            buffer.putInt(RingDescriptor.DATA_OFFSET + offset + RingDescriptor.LENGTH_IN_RECORD,
                padding - RingDescriptor.RECORD_HEADER);
            buffer.putInt(RingDescriptor.DATA_OFFSET + offset + RingDescriptor.FLAGS_IN_RECORD,
                RingDescriptor.PADDING);
            tail += padding;
            offset = 0;
        }
        final int at = RingDescriptor.DATA_OFFSET + offset;
        buffer.putInt(at + RingDescriptor.LENGTH_IN_RECORD, length);
        buffer.putInt(at + RingDescriptor.FLAGS_IN_RECORD, flags);
        buffer.put(at + RingDescriptor.RECORD_HEADER, message, from, length);
        tail += record;
    }

    private void publish() throws IOException {
        ring.tailVolatile(tail);
        if (ring.parked(RingDescriptor.READER_PARKED_OFFSET) == 1
            && ring.unpark(RingDescriptor.READER_PARKED_OFFSET)) {
            readerBell.ring();
        }
    }
}
