package dev.mproc.queue.internal;

import java.util.List;

/**
 * One process's access to a queue: the owner's store itself, or a client connected to the owner. The public queue
 * classes translate their verbs into these calls.
 *
 * <p>Timeouts are in nanoseconds: {@link QueueProtocol#FOREVER} waits as long as it takes, 0 does not wait.
 */
public interface QueueEndpoint {

    /** What {@link #get} returns when the timeout passed with the queue empty. */
    Object NOTHING = new Object() {
        @Override
        public String toString() {
            return "NOTHING";
        }
    };

    /** @return the queue's name, for messages */
    String name();

    /**
     * Puts one item, encoding it in the calling thread first.
     *
     * @param value        the item
     * @param timeoutNanos how long to wait for room
     * @return whether it was put; false when the queue stayed full
     * @throws IllegalArgumentException when the item cannot be encoded (names the class); nothing was sent
     * @throws InterruptedException     when interrupted while waiting; the item was not put
     * @throws dev.mproc.queue.ShutDown  when the queue is shut down, or is shut down while this put waits for room
     */
    boolean put(Object value, long timeoutNanos) throws InterruptedException;

    /**
     * Takes one item.
     *
     * @param timeoutNanos how long to wait for one
     * @return the item, or {@link #NOTHING} when the queue stayed empty
     * @throws dev.mproc.queue.UndecodableItemException when the item cannot be decoded here; it was consumed, and
     *                                                  the exception carries its bytes
     * @throws InterruptedException                     when interrupted while waiting; no item was taken
     * @throws dev.mproc.queue.ShutDown                  when the queue is shut down and no item is left to come
     */
    Object get(long timeoutNanos) throws InterruptedException;

    /** @return the number of items stored now (a snapshot) */
    int size();

    /**
     * The items stored now, front first, decoded here with their bytes; the owner answers in one step, so this is
     * one state of the queue (items in flight to a consumer are not stored, so not in it).
     *
     * @param limit how many at most, 0 for all
     * @return a copy
     * @throws dev.mproc.queue.UndecodableItemException when an item cannot be decoded here (it stays in the queue)
     * @throws IllegalStateException                    when the items do not fit one message
     */
    List<StoredItem> peek(int limit);

    /**
     * Removes the stored item nearest the front with exactly these bytes (as {@link #peek} gave them); it counts as
     * done.
     *
     * @param encoded the item's bytes
     * @return whether one was removed: false when no stored item has them any more (taken, or removed)
     */
    boolean remove(byte[] encoded);

    /**
     * An item as stored: its value decoded here, and its bytes, by which it can be removed.
     *
     * @param value   the item
     * @param encoded its bytes as stored
     */
    record StoredItem(Object value, byte[] encoded) {
    }

    /**
     * Marks one item as processed.
     *
     * @throws IllegalStateException when called more times than items were put
     */
    void taskDone();

    /**
     * Waits until every item put has been marked processed.
     *
     * @param timeoutNanos how long to wait
     * @return whether that happened before the timeout
     * @throws InterruptedException when interrupted while waiting
     */
    boolean join(long timeoutNanos) throws InterruptedException;

    /**
     * Shuts the queue down for every process: puts fail from now on; gets take what is left, then fail. Returns
     * once every process attached to the queue knows (so a put anywhere that starts after this returns fails), or
     * when interrupted, with the interrupt flag kept (the shutdown itself is in effect at the owner already).
     * Idempotent; {@code immediate} after a plain shutdown also discards what is left.
     *
     * @param immediate whether the items left are discarded (each counting as done) and every get fails at once
     */
    void shutdown(boolean immediate);

    /** @return whether the queue is shut down, as far as this process has been told (always, once shutdown returned) */
    boolean isShutdown();

    /** @return whether this process owns (serves) the queue */
    boolean isOwner();

    /** @return whether {@link #close()} was called in this process, or the owner is gone */
    boolean isClosed();

    /** Ends this process's use of the queue; in the owner, ends the queue for every process. */
    void close();
}
