package dev.mproc.queue;

import dev.mproc.queue.internal.QueueEndpoint;
import dev.mproc.queue.internal.QueueProtocol;
import java.io.IOException;
import java.io.Serializable;

/**
 * An unbounded queue between processes with the fewest verbs: {@link #put}, {@link #get}, {@link #empty},
 * {@link #close}. Python's {@code multiprocessing.SimpleQueue}.
 *
 * <p>It has the guarantees of an unbounded {@link Queue} (it is served the same way), and, as in Python, it takes
 * {@code null} as an item.
 *
 * <p><b>Thread safety:</b> safe for use by any number of threads. <b>Process safety:</b> any number of processes may
 * put and get; items of one process arrive in order, each is got exactly once, a returned put survives the putting
 * process's death and a consumer's death never loses an item; when the owner is gone, operations elsewhere throw
 * {@link QueueGoneException}. {@link #close()} is per process; in the owner it ends the queue for everyone.
 *
 * @param <E> the type of the items
 */
public final class SimpleQueue<E> implements Serializable, AutoCloseable {

    private static final long serialVersionUID = 1L;

    private final transient QueueEndpoint endpoint;
    private final transient QueueHandle handle;

    SimpleQueue(final QueueEndpoint endpoint, final QueueHandle handle) {
        this.endpoint = endpoint;
        this.handle = handle;
    }

    /**
     * Creates a simple queue owned by this process.
     *
     * @param <E> the type of the items
     * @return the queue
     * @throws IOException when its socket cannot be created in the runtime directory
     */
    @SuppressWarnings("unchecked")
    public static <E> SimpleQueue<E> create() throws IOException {
        return (SimpleQueue<E>) QueueHandle.create(QueueHandle.Kind.SIMPLE, 0);
    }

    /**
     * Puts an item; never waits for room. An interrupt does not stop it (the flag is kept).
     *
     * @param item the item, possibly null
     * @throws IllegalArgumentException when the item cannot be encoded (the message names its class)
     * @throws QueueGoneException       when the queue's owner is gone
     */
    public void put(final E item) {
        boolean interrupted = false;
        while (true) {
            try {
                endpoint.put(item, QueueProtocol.FOREVER);
                break;
            } catch (final InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Takes the item at the front, waiting as long as the queue is empty.
     *
     * @return the item, possibly null
     * @throws InterruptedException     when interrupted while waiting; no item was taken
     * @throws QueueGoneException       when the queue's owner is gone
     * @throws UndecodableItemException when the item cannot be decoded here; it is consumed, and the exception
     *                                  carries its bytes (as for {@link Queue})
     */
    @SuppressWarnings("unchecked")
    public E get() throws InterruptedException {
        return (E) endpoint.get(QueueProtocol.FOREVER);
    }

    /** @return whether the queue holds no item now (a snapshot) */
    public boolean empty() {
        return endpoint.size() == 0;
    }

    /** @return the queue's name: its kind, its owner's pid and a random token */
    public String name() {
        return endpoint.name();
    }

    /** Ends this process's use of the queue; in the owner, ends it for every process. */
    @Override
    public void close() {
        QueueHandle.close(this, endpoint);
    }

    /** @return the name and whether this process owns it */
    @Override
    public String toString() {
        return "SimpleQueue[" + endpoint.name() + (endpoint.isOwner() ? ", owner]" : "]");
    }

    QueueEndpoint endpoint() {
        return endpoint;
    }

    /** Queues cross into other processes as their handle. */
    final Object writeReplace() {
        return handle;
    }
}
