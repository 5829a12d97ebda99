package dev.mproc.queue;

import dev.mproc.internal.Codec;
import java.io.IOException;
import java.util.Arrays;

/**
 * Thrown by the get that met an item which could not be decoded in the getting process: its class is missing or
 * incompatible there, its constructor or {@code readObject} rejected the values (a record's validating constructor),
 * or it holds a queue or other handle whose owner is gone. The item is <em>consumed</em>: it was taken off the queue
 * and acknowledged exactly as a returned item is, and this exception is its delivery. It carries the item's
 * {@linkplain #encoded() encoded bytes}, so nothing is lost: the caller can log them, keep them aside, or decode them
 * again once the cause is fixed. The next get proceeds with the next item.
 *
 * <p>Why consumed rather than put back: an item that cannot be decoded in one process usually cannot be decoded by
 * the next get either, so putting it back would block every consumer behind it; dropping it would lose it silently.
 *
 * <p><b>Thread safety:</b> an exception is not shared; {@link #encoded()} returns a fresh copy. <b>Process
 * safety:</b> raised only in the process whose get met the item; no other process sees the item again.
 */
public final class UndecodableItemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String queueName;
    private final String itemClass;
    private final byte[] encoded;

    /**
     * @param queueName the queue the item was got from
     * @param itemClass the item's class as its encoding names it, or null when the encoding does not say
     * @param encoded   the item's bytes in the standard codec (kept, not copied)
     * @param cause     why decoding failed
     */
    public UndecodableItemException(final String queueName, final String itemClass, final byte[] encoded,
                                    final Throwable cause) {
        super("cannot decode " + (itemClass == null ? "an item" : "a " + itemClass) + " got from " + queueName
            + " in process " + ProcessHandle.current().pid() + " (consumed; its " + encoded.length
            + " encoded bytes are in this exception): " + cause, cause);
        this.queueName = queueName;
        this.itemClass = itemClass;
        this.encoded = encoded;
    }

    /** @return the queue the item was got from */
    public String queueName() {
        return queueName;
    }

    /** @return the item's class as its encoding names it, or null when it does not (a non-object encoding) */
    public String itemClass() {
        return itemClass;
    }

    /**
     * The item as it was put, in the encoding every queue uses; {@link #decodeAgain()} decodes it.
     *
     * @return a copy of the item's encoded bytes
     */
    public byte[] encoded() {
        return Arrays.copyOf(encoded, encoded.length);
    }

    /**
     * Decodes the item again, in this process and now: once its class is on the class path, or whatever made the get
     * fail is fixed. The serial filter that guards every get guards this decoding too.
     *
     * @return the item
     * @throws IOException when it still cannot be decoded; the message names the class (an unchecked exception
     *                     thrown by the item's own {@code readObject} comes through as it is)
     */
    public Object decodeAgain() throws IOException {
        return Codec.standard().decode(encoded, 0, encoded.length);
    }
}
