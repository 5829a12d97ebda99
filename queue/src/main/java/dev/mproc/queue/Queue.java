package dev.mproc.queue;

import dev.mproc.queue.internal.QueueEndpoint;
import dev.mproc.queue.internal.QueueProtocol;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A multi-producer, multi-consumer FIFO queue shared by processes: Python's {@code multiprocessing.Queue}, as a
 * {@link BlockingQueue}.
 *
 * <pre>{@code
 * try (Queue<List<Object>> q = Queue.create()) {
 *     Process child = Process.start(() -> q.put(Arrays.asList(42, null, "hello")));
 *     List<Object> got = q.get();      // [42, null, hello]
 *     child.join();
 * }
 * }</pre>
 *
 * <p>The process that creates a queue owns it: the items live in its memory, and it serves them to the other
 * processes over an authenticated Unix socket in the private runtime directory. A queue captured by a
 * {@link dev.mproc.Process} task, or sent to another process as part of any message, re-attaches there (once per
 * process) and every process may put and get. In the owner, put and get work on memory directly.
 *
 * <p>Python's verbs and the {@link BlockingQueue} ones are the same operations:
 * <ul>
 *   <li>{@link #put(Object)} waits for room; {@link #put(Object, Duration)} throws {@link Full} at the timeout;
 *       {@link #putNowait}; {@link #offer(Object)} and {@link #offer(Object, long, TimeUnit)} return false
 * instead;</li>
 *   <li>{@link #get()} (= {@link #take()}) waits for an item; {@link #get(Duration)} throws {@link Empty} at the
 *       timeout; {@link #getNowait}; {@link #poll()} and {@link #poll(long, TimeUnit)} return null instead;</li>
 *   <li>{@link #qsize()} (= {@link #size()}), {@link #empty()}, {@link #full()}, {@link #close()};</li>
 *   <li>{@link #shutdown()}, {@link #shutdown(boolean)}, {@link #isShutdown()}: Python 3.13's, see below.</li>
 * </ul>
 * As in every {@link BlockingQueue}, {@code null} is not an element (put a marker object to signal the end).
 * {@link #peek()}, {@link #iterator()} and what is built on it ({@code contains}, {@code toArray}, {@code stream},
 * {@code remove(Object)}, {@code removeIf}) are weakly consistent, as those of the JDK's concurrent queues: they see
 * the items stored at one moment, front first, copied into this process in one step (items on their way to a consumer
 * are not stored, so not seen), and another process may take or add items at any time after. Removing (the
 * iterator's {@code remove}, {@code remove(Object)}, {@code removeIf}) removes the very item seen, if it is still
 * stored, and reports only what it removed; a removed item counts as done for {@link JoinableQueue#join()}.
 *
 * <p>Items cross by Java serialization (with fast paths for strings, byte arrays, boxed primitives and the JDK's common
 * collections); an item is encoded in the calling thread before anything is sent, so one that is not serializable
 * fails the put with an {@link IllegalArgumentException} naming its class.
 *
 * <p><b>Thread safety:</b> safe for use by any number of threads. <b>Process safety:</b> any number of processes may
 * put and get at once; a put happens-before the get that returns its item.
 * <ul>
 *   <li>Order: items put by one process (by one thread of it) are got in the order they were put.</li>
 *   <li>Exactly once: every item is got by exactly one caller. An item handed to another process stays in flight at
 *       the owner until that process acknowledges it, which it does before {@code get} returns; if that process dies
 *       first, the item goes back to the front of the queue. (Such an item may then come after items put later.)</li>
 *   <li>Durable puts: once {@code put} has returned, the item survives the death of the putting process, even by
 *       SIGKILL. A put on an unbounded queue returns when its bytes are written to the owner's socket (the kernel
 *       holds them for the owner, who reads all of them); a put on a bounded queue returns when the owner stored it.
 *       Nothing is held back in the putting process, so a producer can exit, or be joined, at any time.</li>
 *   <li>Bound: {@code maxsize} counts the items stored at the owner, whoever put them; items handed to a consumer no
 *       longer count, and one that comes back from a dead consumer is stored even if that exceeds the bound.</li>
 *   <li>Timeouts are kept by the owner, to within its scheduling accuracy (well under a millisecond when idle).</li>
 *   <li>A streamed put on an unbounded queue reaches the owner microseconds after it returns: as in Python, a
 *       {@code getNowait}, {@code qsize} or {@code empty} right after a put by another process may not see it yet.</li>
 *   <li>Undecodable items: an item that cannot be decoded by the get that takes it (its class is missing there, its
 *       constructor rejects the values, it holds a queue whose owner is gone) is consumed by that get: it is taken
 *       and acknowledged as any other, and the get throws {@link UndecodableItemException} naming the item's class
 *       and the cause and carrying the item's encoded bytes. Nothing is lost (the caller has the bytes) and nothing
 *       blocks (the next get takes the next item), whereas putting it back would make every later get meet it again.
 *       On a {@link JoinableQueue} it counts as got: call {@code taskDone()} for it as for any other item. Every get
 *       verb behaves so, {@code poll} and {@code drainTo} included ({@code drainTo} keeps what it drained before).</li>
 *   <li>When the owner has ended or closed the queue, any operation in another process, including one waiting,
 *       throws {@link QueueGoneException} naming the queue and its owner.</li>
 *   <li>Shutdown, from any process: every put verb then throws {@link ShutDown} in every process, and so does a put
 *       waiting for room. Get verbs return the items left, then throw {@link ShutDown} (a waiting get is woken); after
 *       {@code shutdown(true)} the items left are discarded (each counting as done on a {@link JoinableQueue}) and
 *       every get verb throws at once. {@code poll} and {@code offer} throw too, rather than answer null or false,
 *       which would make a caller retry for ever. A put that returned before the shutdown is got before any get
 *       throws, whichever process put it, even one killed since; see {@link #shutdown(boolean)}.</li>
 * </ul>
 * Lifetime: {@link #close()} is per process. Closed in another process, it drops that process's connection; closed in
 * the owner (or when the owner exits), the queue ends for everyone and its socket file is removed.
 *
 * @param <E> the type of the items
 */
public sealed class Queue<E> extends AbstractQueue<E> implements BlockingQueue<E>, Serializable, AutoCloseable
    permits JoinableQueue {

    private static final long serialVersionUID = 1L;

    private final transient QueueEndpoint endpoint;
    private final transient QueueHandle handle;

    Queue(final QueueEndpoint endpoint, final QueueHandle handle) {
        this.endpoint = endpoint;
        this.handle = handle;
    }

    /**
     * Creates an unbounded queue owned by this process.
     *
     * @param <E> the type of the items
     * @return the queue, ready to be handed to other processes
     * @throws IOException when its socket cannot be created in the runtime directory
     */
    public static <E> Queue<E> create() throws IOException {
        return create(0);
    }

    /**
     * Creates a queue owned by this process that holds at most {@code maxsize} items.
     *
     * @param <E>     the type of the items
     * @param maxsize the most items stored at once; 0 or less means no limit, as in Python
     * @return the queue, ready to be handed to other processes
     * @throws IOException when its socket cannot be created in the runtime directory
     */
    @SuppressWarnings("unchecked")
    public static <E> Queue<E> create(final int maxsize) throws IOException {
        return (Queue<E>) QueueHandle.create(QueueHandle.Kind.QUEUE, maxsize);
    }

    // -------------------------------------------------------------------------------------------- putting

    /**
     * Puts an item, waiting as long as the queue is full.
     *
     * @param item the item
     * @throws InterruptedException     when interrupted while waiting; the item was not put
     * @throws NullPointerException     when the item is null
     * @throws IllegalArgumentException when the item cannot be encoded (the message names its class)
     * @throws ShutDown                 when the queue is shut down, or is shut down while this put waits for room
     * @throws QueueGoneException       when the queue's owner is gone
     */
    @Override
    public void put(final E item) throws InterruptedException {
        endpoint.put(Objects.requireNonNull(item, "item"), QueueProtocol.FOREVER);
    }

    /**
     * Puts an item, waiting at most {@code timeout} for room.
     *
     * @param item    the item
     * @param timeout how long to wait; zero or negative does not wait
     * @throws Full                     when the queue stayed full; the item was not put
     * @throws InterruptedException     when interrupted while waiting; the item was not put
     * @throws NullPointerException     when the item is null
     * @throws IllegalArgumentException when the item cannot be encoded
     * @throws ShutDown                 when the queue is shut down, or is shut down while this put waits for room
     * @throws QueueGoneException       when the queue's owner is gone
     */
    public void put(final E item, final Duration timeout) throws Full, InterruptedException {
        if (!endpoint.put(Objects.requireNonNull(item, "item"), nanos(timeout))) {
            throw new Full(endpoint.name() + " stayed full (" + handle.maxsize() + " items) for " + timeout);
        }
    }

    /**
     * Puts an item if there is room now: Python's {@code put_nowait}.
     *
     * @param item the item
     * @throws Full                     when the queue is full
     * @throws NullPointerException     when the item is null
     * @throws IllegalArgumentException when the item cannot be encoded
     * @throws ShutDown                 when the queue is shut down
     * @throws QueueGoneException       when the queue's owner is gone
     */
    public void putNowait(final E item) throws Full {
        if (!offer(item)) {
            throw new Full(endpoint.name() + " is full (" + handle.maxsize() + " items)");
        }
    }

    /**
     * Puts an item if there is room now.
     *
     * @param item the item
     * @return whether it was put
     * @throws NullPointerException     when the item is null
     * @throws IllegalArgumentException when the item cannot be encoded
     * @throws ShutDown                 when the queue is shut down
     * @throws QueueGoneException       when the queue's owner is gone
     */
    @Override
    public boolean offer(final E item) {
        Objects.requireNonNull(item, "item");
        try {
            return endpoint.put(item, 0);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Puts an item, waiting at most the timeout for room.
     *
     * @param item    the item
     * @param timeout how long to wait
     * @param unit    its unit
     * @return whether it was put
     * @throws InterruptedException when interrupted while waiting; the item was not put
     * @throws ShutDown             when the queue is shut down, or is shut down while this put waits for room
     */
    @Override
    public boolean offer(final E item, final long timeout, final TimeUnit unit) throws InterruptedException {
        return endpoint.put(Objects.requireNonNull(item, "item"), Math.max(0, unit.toNanos(timeout)));
    }

    // -------------------------------------------------------------------------------------------- getting

    /**
     * Takes the item at the front, waiting as long as the queue is empty: Python's {@code get()}.
     *
     * @return the item
     * @throws InterruptedException         when interrupted while waiting; no item was taken
     * @throws ShutDown                     when the queue is shut down and no item is left (at once after an
     *                                      immediate shutdown), also when that happens while this get waits
     * @throws QueueGoneException           when the queue's owner is gone
     * @throws UndecodableItemException when the item at the front cannot be decoded here (see the class comment); it
     *                                  is consumed, and the exception carries its bytes
     */
    public E get() throws InterruptedException {
        return cast(endpoint.get(QueueProtocol.FOREVER));
    }

    /**
     * Takes the item at the front, waiting at most {@code timeout} for one.
     *
     * @param timeout how long to wait; zero or negative does not wait
     * @return the item
     * @throws Empty                when the queue stayed empty
     * @throws InterruptedException when interrupted while waiting; no item was taken
     * @throws ShutDown             when the queue is shut down and no item is left, or that happens while waiting
     * @throws QueueGoneException   when the queue's owner is gone
     */
    public E get(final Duration timeout) throws Empty, InterruptedException {
        final Object item = endpoint.get(nanos(timeout));
        if (item == QueueEndpoint.NOTHING) {
            throw new Empty(endpoint.name() + " stayed empty for " + timeout);
        }
        return cast(item);
    }

    /**
     * Takes the item at the front if there is one now: Python's {@code get_nowait}.
     *
     * @return the item
     * @throws Empty              when the queue is empty
     * @throws ShutDown           when the queue is shut down and no item is left
     * @throws QueueGoneException when the queue's owner is gone
     */
    public E getNowait() throws Empty {
        final E item = poll();
        if (item == null) {
            throw new Empty(endpoint.name() + " is empty");
        }
        return item;
    }

    /**
     * The same as {@link #get()}.
     *
     * @return the item
     * @throws InterruptedException when interrupted while waiting
     */
    @Override
    public E take() throws InterruptedException {
        return get();
    }

    /**
     * Takes the item at the front if there is one now.
     *
     * @return the item, or null when the queue is empty
     * @throws ShutDown when the queue is shut down and no item is left
     */
    @Override
    public E poll() {
        try {
            final Object item = endpoint.get(0);
            return item == QueueEndpoint.NOTHING ? null : cast(item);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Takes the item at the front, waiting at most the timeout for one.
     *
     * @param timeout how long to wait
     * @param unit    its unit
     * @return the item, or null when the queue stayed empty
     * @throws InterruptedException when interrupted while waiting; no item was taken
     * @throws ShutDown             when the queue is shut down and no item is left, or that happens while waiting
     */
    @Override
    public E poll(final long timeout, final TimeUnit unit) throws InterruptedException {
        final Object item = endpoint.get(Math.max(0, unit.toNanos(timeout)));
        return item == QueueEndpoint.NOTHING ? null : cast(item);
    }

    /**
     * Moves every item available now into a collection.
     *
     * @param target where the items go
     * @return how many were moved
     * @throws ShutDown when the queue is shut down and there was no item left to move
     */
    @Override
    public int drainTo(final Collection<? super E> target) {
        return drainTo(target, Integer.MAX_VALUE);
    }

    /**
     * Moves at most {@code maxElements} items available now into a collection.
     *
     * @param target      where the items go
     * @param maxElements the most to move
     * @return how many were moved
     * @throws ShutDown when the queue is shut down and there was no item left to move
     */
    @Override
    public int drainTo(final Collection<? super E> target, final int maxElements) {
        Objects.requireNonNull(target, "target");
        if (target == this) {
            throw new IllegalArgumentException("cannot drain a queue into itself");
        }
        int moved = 0;
        while (moved < maxElements) {
            final E item;
            try {
                item = poll();
            } catch (final ShutDown e) {
                // The items left were moved; only a drain that finds none says the queue is over.
                if (moved == 0) {
                    throw e;
                }
                break;
            }
            if (item == null) {
                break;
            }
            target.add(item);
            moved++;
        }
        return moved;
    }

    // -------------------------------------------------------------------------------------------- state

    /**
     * @return the number of items stored now, a snapshot: Python's {@code qsize()}
     * @throws IllegalStateException when the queue is closed, as Python's raises once closed; so do {@link #empty()}
     *                               and {@link #full()}
     * @throws QueueGoneException    when its owner is gone
     */
    public int qsize() {
        return endpoint.size();
    }

    /** @return whether the queue holds no item now: Python's {@code empty()} */
    public boolean empty() {
        return qsize() == 0;
    }

    /** @return whether the queue holds {@code maxsize} items now; never for an unbounded queue */
    public boolean full() {
        final int size = qsize();
        return handle.maxsize() > 0 && size >= handle.maxsize();
    }

    /** @return the most items the queue holds, 0 for no limit */
    public int maxsize() {
        return handle.maxsize();
    }

    /** @return the same as {@link #qsize()} */
    @Override
    public int size() {
        return qsize();
    }

    /** @return the same as {@link #empty()} */
    @Override
    public boolean isEmpty() {
        return empty();
    }

    /** @return how many more items fit now, {@link Integer#MAX_VALUE} for an unbounded queue */
    @Override
    public int remainingCapacity() {
        return handle.maxsize() == 0 ? Integer.MAX_VALUE : Math.max(0, handle.maxsize() - qsize());
    }

    /**
     * Shuts the queue down, without discarding its items: the same as {@code shutdown(false)}, Python's
     * {@code shutdown()}.
     *
     * @throws QueueGoneException    when the queue's owner is gone
     * @throws IllegalStateException when the queue is closed in this process
     */
    public void shutdown() {
        shutdown(false);
    }

    /**
     * Shuts the queue down for every process that holds it: Python 3.13's {@code Queue.shutdown(immediate)}. From
     * then on every put verb, in any process, throws {@link ShutDown}, and so does every put waiting for room. Get
     * verbs go on returning the items left and throw {@link ShutDown} once none is left; a get waiting on an empty
     * queue is woken and throws. With {@code immediate} the items left are discarded instead, each counting as done
     * for {@link JoinableQueue#join()} (so a join waiting for them returns), and every get verb throws at once.
     * {@code qsize}, {@code taskDone} and {@code join} go on working.
     *
     * <p>It may be called from any process, any number of times: a second call changes nothing, except that
     * {@code shutdown(true)} after {@code shutdown(false)} discards the items then left. A queue closed by its owner
     * is not shut down but gone ({@link QueueGoneException}).
     *
     * <p>It returns once every process attached to the queue has been told and has stopped putting, so a put that
     * starts anywhere after it returned fails; a put that returned before it was called, in any process (even one
     * killed since), is stored and got before any get throws (after an immediate shutdown, discarded with the rest).
     * A put that runs at the same time either returns, and counts as put before the shutdown, or throws. Likewise a get
     * that finds the queue empty while a process has not been told yet, or while an item is on its way to another
     * consumer, waits (or, not waiting, finds it empty) rather than throwing, as that item may still come to it.
     * Interrupted while it waits for the other processes, it returns with the interrupt flag set; the queue is shut
     * down nonetheless.
     *
     * @param immediate whether to discard the items left and fail every get at once
     * @throws QueueGoneException    when the queue's owner is gone
     * @throws IllegalStateException when the queue is closed in this process
     */
    public void shutdown(final boolean immediate) {
        endpoint.shutdown(immediate);
    }

    /**
     * @return whether the queue is shut down, as far as this process knows: always once a {@link #shutdown} in any
     *     process has returned; Python's {@code is_shutdown}
     */
    public boolean isShutdown() {
        return endpoint.isShutdown();
    }

    /**
     * The item at the front now, without taking it; another process may take it at any moment after.
     *
     * @return a copy of the front item, or null when none is stored
     * @throws UndecodableItemException when it cannot be decoded here (it stays in the queue)
     * @throws QueueGoneException       when the queue's owner is gone
     * @throws IllegalStateException    when the queue is closed in this process
     */
    @Override
    @SuppressWarnings("unchecked")
    public E peek() {
        final List<QueueEndpoint.StoredItem> front = endpoint.peek(1);
        return front.isEmpty() ? null : (E) front.get(0).value();
    }

    /**
     * A weakly consistent iterator: it walks copies of the items stored when it was made, front first, and its
     * {@code remove()} removes from the queue the item it returned last, if that item is still stored.
     *
     * @return the iterator
     * @throws UndecodableItemException when an item cannot be decoded here (it stays in the queue)
     * @throws QueueGoneException       when the queue's owner is gone
     * @throws IllegalStateException    when the queue is closed in this process, or its items do not fit one message
     *                                  (1 GiB by default); take them with {@link #drainTo} instead
     */
    @Override
    @SuppressWarnings("unchecked")
    public Iterator<E> iterator() {
        final Iterator<QueueEndpoint.StoredItem> snapshot = endpoint.peek(0).iterator();
        return new Iterator<>() {
            private QueueEndpoint.StoredItem last;

            @Override
            public boolean hasNext() {
                return snapshot.hasNext();
            }

            @Override
            public E next() {
                last = snapshot.next();
                return (E) last.value();
            }

            @Override
            public void remove() {
                if (last == null) {
                    throw new IllegalStateException("next() has not returned an item to remove since the last"
                        + " remove()");
                }
                // Taken by another process since, the item is not there to remove: nothing to do, as in the JDK's
                // concurrent queues.
                endpoint.remove(last.encoded());
                last = null;
            }
        };
    }

    /**
     * Removes one stored item equal to this one, if one is still stored: the first, front first, of a snapshot that
     * no other process has taken since.
     *
     * @param item the item
     * @return whether an item was removed
     */
    @Override
    public boolean remove(final Object item) {
        if (item == null) {
            return false;
        }
        for (final QueueEndpoint.StoredItem stored : endpoint.peek(0)) {
            if (item.equals(stored.value()) && endpoint.remove(stored.encoded())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Removes the stored items that match, as a snapshot shows them; an item taken by another process since is not
     * counted.
     *
     * @param filter what to remove
     * @return whether any item was removed
     */
    @Override
    @SuppressWarnings("unchecked")
    public boolean removeIf(final java.util.function.Predicate<? super E> filter) {
        Objects.requireNonNull(filter, "filter");
        boolean removed = false;
        for (final QueueEndpoint.StoredItem stored : endpoint.peek(0)) {
            if (filter.test((E) stored.value()) && endpoint.remove(stored.encoded())) {
                removed = true;
            }
        }
        return removed;
    }

    /** @return the queue's name, e.g. {@code queue-4242-k3j9}: its kind, its owner's pid and a random token */
    public String name() {
        return endpoint.name();
    }

    /**
     * Ends this process's use of the queue. In the owner this ends the queue for every process: waiting operations
     * in other processes fail with {@link QueueGoneException}. Closing twice does nothing.
     */
    @Override
    public void close() {
        QueueHandle.close(this, endpoint);
    }

    /** @return the name and where it is served */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + endpoint.name() + (endpoint.isOwner() ? ", owner" : "")
            + (handle.maxsize() > 0 ? ", maxsize " + handle.maxsize() : "") + "]";
    }

    QueueEndpoint endpoint() {
        return endpoint;
    }

    @SuppressWarnings("unchecked")
    private static <E> E cast(final Object item) {
        return (E) item;
    }

    static long nanos(final Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            return 0;
        }
        try {
            return timeout.toNanos();
        } catch (final ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Queues cross into other processes as their handle. */
    final Object writeReplace() {
        return handle;
    }
}
