package dev.mproc.internal.ring;

import java.io.EOFException;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;

/**
 * Consumes the messages of a ring, the single writer of its head. A message that fits one record is handed over as a
 * view of the mapped file, valid only during the handler's call; a message in several records is put together in a
 * buffer that grows as its records arrive.
 *
 * <p><b>Thread safety:</b> one reading thread at a time. <b>Process safety:</b> one reading process per ring; the
 * writer may be in another process. When the writer is gone, every message it committed is still delivered, and a
 * message it had begun but not ended is dropped, never delivered in part.
 */
public final class RingReader {

    /** Takes each message consumed. */
    @FunctionalInterface
    public interface Handler {
        /**
         * @param message the message's bytes, from its position to its limit; valid only during this call
         * @throws IOException when the handler fails; the message counts as consumed
         */
        void onMessage(ByteBuffer message) throws IOException;
    }

    private static final int FIRST_ASSEMBLY = 64 * 1024;

    private final RingFile ring;
    private final MappedByteBuffer buffer;
    private final Doorbell writerBell;
    private final Wakeup recordWakeup;
    private final int capacity;
    private final int mask;
    private long head;
    private ByteBuffer assembly;
    private boolean assembling;

    /**
     * @param ring         the ring
     * @param writerBell   wakes the writer parked for room
     * @param recordWakeup where this reader parks waiting for a record; rung by the writer
     */
    public RingReader(final RingFile ring, final Doorbell writerBell, final Wakeup recordWakeup) {
        this.ring = ring;
        this.buffer = ring.buffer();
        this.writerBell = writerBell;
        this.recordWakeup = recordWakeup;
        this.capacity = ring.capacity();
        this.mask = capacity - 1;
        this.head = ring.headVolatile();
    }

    /**
     * Delivers the messages published now, without waiting.
     *
     * @param handler takes each message
     * @param limit   the most messages to deliver
     * @return how many were delivered
     * @throws IOException when the ring holds a record no writer could have made, or the handler fails
     */
    public int poll(final Handler handler, final int limit) throws IOException {
        final long tail = ring.tailAcquire();
        int delivered = 0;
        final long start = head;
        try {
            while (head != tail && delivered < limit) {
                delivered += consumeRecord(handler, tail);
            }
        } finally {
            if (head != start) {
                release();
            }
        }
        return delivered;
    }

    /**
     * Delivers at least one message, waiting for it.
     *
     * @param handler takes each message
     * @param limit   the most messages to deliver, at least 1
     * @return how many were delivered
     * @throws EOFException         when the writer is gone and every message it committed has been delivered
     * @throws InterruptedException when interrupted while waiting
     * @throws IOException          when the ring is corrupt or the handler fails
     */
    public int read(final Handler handler, final int limit) throws IOException, InterruptedException {
        while (true) {
            final boolean gone = recordWakeup.peerGone();
            final int delivered = poll(handler, limit);
            if (delivered > 0) {
                return delivered;
            }
            if (gone) {
                dropPartial();
                throw new EOFException("the ring's writer is gone");
            }
            SharedWait.until(ring, RingDescriptor.READER_PARKED_OFFSET, () -> ring.tailAcquire() != head,
                recordWakeup, Long.MAX_VALUE);
        }
    }

    /** @return whether a message has begun and not yet ended */
    public boolean midMessage() {
        return assembling;
    }

    /** Drops the records of a message whose writer is gone before it ended it. */
    public void dropPartial() {
        assembling = false;
        if (assembly != null) {
            assembly.clear();
        }
    }

    private int consumeRecord(final Handler handler, final long tail) throws IOException {
        final int offset = (int) (head & mask);
        final int at = RingDescriptor.DATA_OFFSET + offset;
        final int length = buffer.getInt(at + RingDescriptor.LENGTH_IN_RECORD);
        final int flags = buffer.getInt(at + RingDescriptor.FLAGS_IN_RECORD);
        final int record = RingDescriptor.recordLength(Math.max(0, length));
        if (length < 0 || offset + record > capacity || head + record > tail) {
            throw new StreamCorruptedException("corrupt ring record at " + head + ": length " + length);
        }
        head += record;
        if ((flags & RingDescriptor.PADDING) != 0) {
            return 0;
        }
        final int payload = at + RingDescriptor.RECORD_HEADER;
        final boolean begins = (flags & RingDescriptor.BEGIN) != 0;
        final boolean ends = (flags & RingDescriptor.END) != 0;
        if (begins && ends && !assembling) {
            handler.onMessage(buffer.slice(payload, length).asReadOnlyBuffer());
            return 1;
        }
        if (begins) {
            // A new message while another was being put together: the writer before this one died mid-message.
            dropPartial();
            assembling = true;
        } else if (!assembling) {
            throw new StreamCorruptedException("corrupt ring: a record continues a message that never began");
        }
        append(payload, length);
        if (!ends) {
            return 0;
        }
        assembling = false;
        assembly.flip();
        try {
            handler.onMessage(assembly.asReadOnlyBuffer());
        } finally {
            assembly.clear();
        }
        return 1;
    }

    private void append(final int payload, final int length) {
        if (assembly == null) {
            assembly = ByteBuffer.allocate(Math.max(FIRST_ASSEMBLY, length));
        } else if (assembly.remaining() < length) {
            final long wanted = Math.max((long) assembly.capacity() * 2, (long) assembly.position() + length);
            final ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, wanted));
            assembly.flip();
            bigger.put(assembly);
            assembly = bigger;
        }
        assembly.put(assembly.position(), buffer, payload, length);
        assembly.position(assembly.position() + length);
    }

    private void release() throws IOException {
        ring.headVolatile(head);
        if (ring.parked(RingDescriptor.WRITER_PARKED_OFFSET) == 1
            && ring.unpark(RingDescriptor.WRITER_PARKED_OFFSET)) {
            writerBell.ring();
        }
    }
}
