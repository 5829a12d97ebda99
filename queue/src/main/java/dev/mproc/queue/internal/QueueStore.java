package dev.mproc.queue.internal;

import dev.mproc.internal.Codec;
import dev.mproc.internal.wire.FrameFormat;
import dev.mproc.queue.ShutDown;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The queue itself, in the process that owns it: the stored items (as encoded messages), the local waiters, and the
 * requests of attached processes that wait for an item, for room, or for every task to be done.
 *
 * <p>Every change happens under one lock; messages to attached processes are decided under it and sent after it is
 * released, so that a slow peer never holds the lock. An item handed to an attached process stays in that session's
 * in-flight map until acknowledged, and goes back to the front of the queue if the session ends first.
 *
 * <p>Shutdown: once shut down, puts are refused here at once. Attached processes are told, and each acknowledges
 * once it has stopped streaming puts, behind the last one it streamed; a streamed put that arrives before that
 * acknowledgement was sent before its process knew, so it is stored (discarded after an immediate shutdown, as the
 * items stored then were). A get on an empty queue is told the queue is shut down only when no item can come any
 * more: every process attached at the shutdown has acknowledged it (or ended) and no item is in flight to a consumer
 * (one whose consumer dies comes back and is got). Until then it waits, or meets its timeout, as before the shutdown.
 *
 * <p><b>Thread safety:</b> safe for concurrent use.
 */
public final class QueueStore implements QueueEndpoint {

    private final String name;
    private final int maxsize;
    private final Codec codec;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final Condition allDone = lock.newCondition();
    private final Condition everyoneKnowsOfShutdown = lock.newCondition();

    // Guarded by lock.
    private final ArrayDeque<byte[]> items = new ArrayDeque<>();
    private final ArrayDeque<Waiter> getters = new ArrayDeque<>();
    private final ArrayDeque<Waiter> putters = new ArrayDeque<>();
    private final ArrayDeque<Waiter> joiners = new ArrayDeque<>();
    private final ArrayDeque<Waiter> shutdowners = new ArrayDeque<>();
    /** Sessions that greeted with this protocol's version; only they are served. */
    private final Set<Session> greeted = new HashSet<>();
    /** Sessions told of the shutdown that have not acknowledged it yet: their streamed puts may still come. */
    private final Set<Session> unacknowledged = new HashSet<>();
    private long unfinished;
    /** Items handed to attached processes and neither acknowledged nor given back. */
    private int inFlight;
    private boolean shutdown;
    private boolean immediate;
    /** Shut down, and every process attached then has acknowledged it or ended. */
    private boolean everyoneKnows;
    private boolean closed;
    private ScheduledExecutorService timer;

    private volatile QueueServer server;

    private QueueStore(final String name, final int maxsize, final Codec codec) {
        this.name = name;
        this.maxsize = maxsize;
        this.codec = codec;
    }

    /**
     * Creates a queue owned by this process and starts serving it on a Unix socket.
     *
     * @param name    the queue's name
     * @param path    the socket file to listen on
     * @param maxsize the most items stored at once, or 0 for no limit
     * @param codec   the codec of the items
     * @return the store, serving
     * @throws IOException when the socket cannot be bound
     */
    public static QueueStore serve(final String name, final Path path, final int maxsize, final Codec codec)
        throws IOException {
        final QueueStore store = new QueueStore(name, maxsize, codec);
        store.server = QueueServer.start(store, path);
        return store;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isOwner() {
        return true;
    }

    // ------------------------------------------------------------------------------------------ local verbs

    @Override
    public boolean put(final Object value, final long timeoutNanos) throws InterruptedException {
        final byte[] item = ItemBuffer.encode(codec, value, name).copy();
        final Outbox out = new Outbox();
        lock.lockInterruptibly();
        try {
            long nanos = timeoutNanos;
            while (true) {
                ensureOpen();
                if (shutdown) {
                    throw new ShutDown("cannot put on " + name + ": it is shut down");
                }
                if (!isFull()) {
                    break;
                }
                if (timeoutNanos == QueueProtocol.FOREVER) {
                    notFull.await();
                } else if (nanos <= 0) {
                    return false;
                } else {
                    nanos = notFull.awaitNanos(nanos);
                }
            }
            items.addLast(item);
            unfinished++;
            settle(out);
        } finally {
            lock.unlock();
        }
        out.send();
        return true;
    }

    @Override
    public Object get(final long timeoutNanos) throws InterruptedException {
        final byte[] item;
        final Outbox out = new Outbox();
        lock.lockInterruptibly();
        try {
            long nanos = timeoutNanos;
            while (true) {
                ensureOpen();
                if (!items.isEmpty()) {
                    break;
                }
                if (drained()) {
                    throw new ShutDown(drainedMessage());
                }
                if (timeoutNanos == QueueProtocol.FOREVER) {
                    notEmpty.await();
                } else if (nanos <= 0) {
                    return NOTHING;
                } else {
                    nanos = notEmpty.awaitNanos(nanos);
                }
            }
            item = items.pollFirst();
            settle(out);
        } finally {
            lock.unlock();
        }
        out.send();
        try {
            return ItemDecoder.decode(codec, item, name);
        } catch (final VirtualMachineError e) {
            // This process failed, not the item (an UndecodableItemException consumes the item instead).
            putBack(item);
            throw e;
        }
    }

    @Override
    public List<StoredItem> peek(final int limit) {
        final List<byte[]> stored;
        lock.lock();
        try {
            ensureOpen();
            stored = new ArrayList<>(limit == 0 ? items.size() : Math.min(limit, items.size()));
            for (final byte[] item : items) {
                if (limit != 0 && stored.size() == limit) {
                    break;
                }
                stored.add(item);
            }
        } finally {
            lock.unlock();
        }
        // Only the bytes after the header are read, which nothing rewrites (handing an item on rewrites its header).
        final List<StoredItem> values = new ArrayList<>(stored.size());
        for (final byte[] item : stored) {
            values.add(new StoredItem(ItemDecoder.decode(codec, item, QueueProtocol.HEADER_LENGTH, item.length, name),
                Arrays.copyOfRange(item, QueueProtocol.HEADER_LENGTH, item.length)));
        }
        return values;
    }

    @Override
    public boolean remove(final byte[] encoded) {
        final Outbox out = new Outbox();
        final boolean removed;
        lock.lock();
        try {
            ensureOpen();
            removed = removeStored(encoded, 0, encoded.length, out);
            settle(out);
        } finally {
            lock.unlock();
        }
        out.send();
        return removed;
    }

    private void putBack(final byte[] item) {
        final Outbox out = new Outbox();
        lock.lock();
        try {
            giveBack(item, out);
            settle(out);
        } finally {
            lock.unlock();
        }
        out.send();
    }

    @Override
    public void shutdown(final boolean immediately) {
        final Outbox out = new Outbox();
        lock.lock();
        try {
            ensureOpen();
            beginShutdown(immediately, out);
            settle(out);
        } finally {
            lock.unlock();
        }
        out.send();
        lock.lock();
        try {
            while (!everyoneKnows && !closed) {
                everyoneKnowsOfShutdown.await();
            }
        } catch (final InterruptedException e) {
            // In effect here already; only the wait for every attached process to know is cut short.
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isShutdown() {
        lock.lock();
        try {
            return shutdown;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refuses puts from now on, wakes the puts that wait for room, tells the attached processes, and (immediately)
     * discards the stored items, each counting as done. A second call only turns a plain shutdown into an immediate
     * one.
     */
    private void beginShutdown(final boolean immediately, final Outbox out) {
        if (!shutdown) {
            shutdown = true;
            final byte[] notice = QueueProtocol.control(QueueProtocol.SHUTTING_DOWN, 0, 0);
            for (final Session session : greeted) {
                out.add(session, notice);
                unacknowledged.add(session);
            }
            for (final Waiter putter : putters) {
                putter.cancelTimer();
                out.add(putter.session, shutDownReply(putter.id));
            }
            putters.clear();
            notFull.signalAll();
        }
        if (immediately && !immediate) {
            immediate = true;
            while (items.pollFirst() != null) {
                markDone(out);
            }
        }
    }

    /** Whether a get can only fail: shut down, and no item stored, in flight, or still on its way here. */
    private boolean drained() {
        return shutdown && items.isEmpty() && (immediate || (everyoneKnows && inFlight == 0));
    }

    /** The answer to a put or get refused by the shutdown; its argument says whether it was immediate. */
    private byte[] shutDownReply(final long id) {
        return QueueProtocol.control(QueueProtocol.SHUT_DOWN, id, immediate ? 1 : 0);
    }

    private String drainedMessage() {
        return name + " is shut down" + (immediate ? " immediately" : " and empty");
    }

    /** An item that was handed out and came back: stored again at the front, or discarded as done once drained. */
    private void giveBack(final byte[] item, final Outbox out) {
        if (immediate) {
            markDone(out);
        } else {
            items.addFirst(item);
        }
    }

    @Override
    public int size() {
        lock.lock();
        try {
            // As Python's empty() after close(): a closed queue has no size to tell.
            ensureOpen();
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The requests of attached processes that wait now: a snapshot, for tests and monitoring, of the processes
     * parked here (a request on its way is not counted until it arrives).
     *
     * @return how many gets wait for an item, puts for room, and joins for every task to be done
     */
    public Waiting waiting() {
        lock.lock();
        try {
            return new Waiting(getters.size(), putters.size(), joiners.size());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Counts of waiting requests.
     *
     * @param gets  gets waiting for an item
     * @param puts  puts waiting for room
     * @param joins joins waiting for every task to be done
     */
    public record Waiting(int gets, int puts, int joins) {
    }

    /**
     * @return how many connections of other processes the owner serves now; a connection whose process died counts
     *     until the owner has given back what it had claimed (for tests and diagnostics)
     */
    public int connections() {
        final QueueServer running = server;
        return running == null ? 0 : running.sessionCount();
    }

    @Override
    public void taskDone() {
        final Outbox out = new Outbox();
        lock.lock();
        try {
            if (!markDone(out)) {
                throw new IllegalStateException("taskDone() called more times than items were put on " + name);
            }
        } finally {
            lock.unlock();
        }
        out.send();
    }

    @Override
    public boolean join(final long timeoutNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long nanos = timeoutNanos;
            while (unfinished > 0) {
                ensureOpen();
                if (timeoutNanos == QueueProtocol.FOREVER) {
                    allDone.await();
                } else if (nanos <= 0) {
                    return false;
                } else {
                    nanos = allDone.awaitNanos(nanos);
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (final ArrayDeque<Waiter> waiters : List.of(getters, putters, joiners, shutdowners)) {
                waiters.forEach(Waiter::cancelTimer);
                waiters.clear();
            }
            if (timer != null) {
                timer.shutdownNow();
            }
            notEmpty.signalAll();
            notFull.signalAll();
            allDone.signalAll();
            everyoneKnowsOfShutdown.signalAll();
        } finally {
            lock.unlock();
        }
        server.close();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
    }

    private boolean isFull() {
        return maxsize > 0 && items.size() >= maxsize;
    }

    // ------------------------------------------------------------------------- requests of attached processes

    /**
     * Carries out requests received from an attached process, in order, under one acquisition of the lock.
     *
     * @param session  the connection they came on
     * @param messages the whole messages; a message that carries an item is kept as the stored item
     */
    void dispatch(final Session session, final List<byte[]> messages) {
        final Outbox out = new Outbox();
        lock.lock();
        try {
            if (closed || session.closed) {
                return;
            }
            for (final byte[] message : messages) {
                if (!apply(session, message, out)) {
                    break;
                }
            }
            settle(out);
        } finally {
            lock.unlock();
        }
        out.send();
    }

    /** Applies one request under the lock; returns false when the session must be dropped. */
    private boolean apply(final Session session, final byte[] message, final Outbox out) {
        final long id = QueueProtocol.id(message);
        final long argument = QueueProtocol.argument(message);
        final byte op = QueueProtocol.op(message);
        if (!session.greeted) {
            return greet(session, op, argument, out);
        }
        switch (op) {
            case QueueProtocol.PUT:
                // Sent before its process knew of a shutdown (it stops streaming, then acknowledges).
                if (!immediate) {
                    items.addLast(message);
                    unfinished++;
                }
                break;
            case QueueProtocol.PUT_WAIT:
                if (shutdown) {
                    out.add(session, shutDownReply(id));
                } else if (!isFull()) {
                    items.addLast(message);
                    unfinished++;
                    out.add(session, QueueProtocol.control(QueueProtocol.OK, id, 0));
                } else {
                    park(putters, new Waiter(session, id, message), argument, QueueProtocol.FULL, out);
                }
                break;
            case QueueProtocol.GET:
                if (!items.isEmpty()) {
                    hand(session, id, items.pollFirst(), out);
                } else if (drained()) {
                    out.add(session, shutDownReply(id));
                } else {
                    park(getters, new Waiter(session, id, null), argument, QueueProtocol.EMPTY, out);
                }
                break;
            case QueueProtocol.ACK:
                if (session.inFlight.remove(id) != null) {
                    inFlight--;
                }
                break;
            case QueueProtocol.RETURN:
                final byte[] returned = session.inFlight.remove(id);
                if (returned != null) {
                    inFlight--;
                    giveBack(returned, out);
                }
                break;
            case QueueProtocol.CANCEL:
                cancel(session, id, out);
                break;
            case QueueProtocol.SIZE:
                out.add(session, QueueProtocol.control(QueueProtocol.SIZE_IS, id, items.size()));
                break;
            case QueueProtocol.TASK_DONE:
                out.add(session, QueueProtocol.control(
                    markDone(out) ? QueueProtocol.OK : QueueProtocol.TOO_MANY_DONE, id, 0));
                break;
            case QueueProtocol.JOIN:
                if (unfinished == 0) {
                    out.add(session, QueueProtocol.control(QueueProtocol.OK, id, 0));
                } else {
                    park(joiners, new Waiter(session, id, null), argument, QueueProtocol.TIMED_OUT, out);
                }
                break;
            case QueueProtocol.SHUTDOWN:
                beginShutdown(argument != 0, out);
                if (everyoneKnows) {
                    out.add(session, QueueProtocol.control(QueueProtocol.OK, id, 0));
                } else {
                    // Answered by settle() once every attached process knows (this one included).
                    shutdowners.addLast(new Waiter(session, id, null));
                }
                break;
            case QueueProtocol.SHUTDOWN_SEEN:
                unacknowledged.remove(session);
                break;
            case QueueProtocol.PEEK_ALL:
                out.add(session, storedItems(id, (int) Math.min(Integer.MAX_VALUE, Math.max(0, argument))));
                break;
            case QueueProtocol.REMOVE:
                out.add(session, QueueProtocol.control(QueueProtocol.OK, id,
                    removeStored(message, QueueProtocol.HEADER_LENGTH, message.length, out) ? 1 : 0));
                break;
            default:
                // An authenticated peer that greeted with our version yet sends what it does not define: a defect or
                // garbage; drop it rather than guess.
                drop(session, "which sent " + QueueProtocol.name(op) + ", not a request of queue protocol version "
                    + QueueProtocol.VERSION, out);
                return false;
        }
        return true;
    }

    /**
     * The first message of a session: the greeting with this protocol's version is answered with it (after a
     * notice of the shutdown, if there was one, so that the process knows before it can put); anything else is
     * answered with this version where that helps the peer say what went wrong, and the session is dropped.
     */
    private boolean greet(final Session session, final byte op, final long version, final Outbox out) {
        if (op != QueueProtocol.HELLO) {
            drop(session, "which sent " + QueueProtocol.name(op) + " without greeting first: it speaks queue "
                + "protocol version 1 (an older mproc); this owner speaks version " + QueueProtocol.VERSION, out);
            return false;
        }
        if (version != QueueProtocol.VERSION) {
            out.add(session, QueueProtocol.hello());
            drop(session, "which speaks queue protocol version " + version + "; this owner speaks version "
                + QueueProtocol.VERSION, out);
            return false;
        }
        session.greeted = true;
        greeted.add(session);
        if (shutdown) {
            out.add(session, QueueProtocol.control(QueueProtocol.SHUTTING_DOWN, 0, 0));
        }
        out.add(session, QueueProtocol.hello());
        return true;
    }

    /** Serves a session no more: what it sent later is ignored, and its connection ends after the outbox. */
    private void drop(final Session session, final String why, final Outbox out) {
        session.closed = true;
        out.close(session);
        final QueueServer running = server;
        if (running != null) {
            running.breach(session, why);
        }
    }

    /**
     * Forgets a connection that ended: its waiting requests are dropped and the items it had not acknowledged go
     * back to the front of the queue, earliest first.
     */
    void sessionClosed(final Session session) {
        final Outbox out = new Outbox();
        lock.lock();
        try {
            session.closed = true;
            greeted.remove(session);
            unacknowledged.remove(session);
            for (final ArrayDeque<Waiter> waiters : List.of(getters, putters, joiners, shutdowners)) {
                waiters.removeIf(waiter -> {
                    if (waiter.session == session) {
                        waiter.cancelTimer();
                        return true;
                    }
                    return false;
                });
            }
            inFlight -= session.inFlight.size();
            if (!session.inFlight.isEmpty() && !closed) {
                final TreeMap<Long, byte[]> byId = new TreeMap<>(session.inFlight);
                for (final byte[] item : byId.descendingMap().values()) {
                    giveBack(item, out);
                }
            }
            session.inFlight.clear();
            if (!closed) {
                settle(out);
            }
        } finally {
            lock.unlock();
        }
        out.send();
    }

    private void hand(final Session session, final long id, final byte[] item, final Outbox out) {
        QueueProtocol.writeHeader(item, QueueProtocol.ITEM, id, 0);
        session.inFlight.put(id, item);
        inFlight++;
        out.add(session, item);
    }

    private void park(final ArrayDeque<Waiter> waiters, final Waiter waiter, final long timeoutNanos,
                      final byte timeoutReply, final Outbox out) {
        if (timeoutNanos == 0) {
            out.add(waiter.session, QueueProtocol.control(timeoutReply, waiter.id, 0));
            return;
        }
        waiters.addLast(waiter);
        if (timeoutNanos > 0) {
            if (timer == null) {
                final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
                    final Thread thread = new Thread(runnable, "mproc-" + name + "-timer");
                    thread.setDaemon(true);
                    return thread;
                });
                executor.setRemoveOnCancelPolicy(true);
                timer = executor;
            }
            waiter.timer = timer.schedule(() -> expire(waiters, waiter, timeoutReply), timeoutNanos,
                TimeUnit.NANOSECONDS);
        }
    }

    private void expire(final ArrayDeque<Waiter> waiters, final Waiter waiter, final byte timeoutReply) {
        final Outbox out = new Outbox();
        lock.lock();
        try {
            if (waiters.remove(waiter)) {
                out.add(waiter.session, QueueProtocol.control(timeoutReply, waiter.id, 0));
            }
        } finally {
            lock.unlock();
        }
        out.send();
    }

    private void cancel(final Session session, final long id, final Outbox out) {
        for (final ArrayDeque<Waiter> waiters : List.of(getters, putters, joiners, shutdowners)) {
            final Iterator<Waiter> it = waiters.iterator();
            while (it.hasNext()) {
                final Waiter waiter = it.next();
                if (waiter.session == session && waiter.id == id) {
                    it.remove();
                    waiter.cancelTimer();
                    out.add(session, QueueProtocol.control(QueueProtocol.CANCELLED, id, 0));
                    return;
                }
            }
        }
    }

    /**
     * The {@link QueueProtocol#ITEMS} reply: the first items stored, front first, each as its length and its bytes;
     * {@link QueueProtocol#TOO_LARGE} (argument: the bytes needed) when they do not fit one message. Under the lock.
     *
     * @param limit how many at most, 0 for all
     */
    private byte[] storedItems(final long id, final int limit) {
        final int count = limit == 0 ? items.size() : Math.min(limit, items.size());
        long length = QueueProtocol.HEADER_LENGTH;
        int taken = 0;
        for (final byte[] item : items) {
            if (taken++ == count) {
                break;
            }
            length += Integer.BYTES + item.length - QueueProtocol.HEADER_LENGTH;
        }
        // A sealed frame carries its tag besides the message.
        if (length > FrameFormat.maxFrameLength() - FrameFormat.TAG_LENGTH) {
            return QueueProtocol.control(QueueProtocol.TOO_LARGE, id, length);
        }
        final ByteBuffer reply = ByteBuffer.allocate((int) length);
        reply.position(QueueProtocol.HEADER_LENGTH);
        taken = 0;
        for (final byte[] item : items) {
            if (taken++ == count) {
                break;
            }
            reply.putInt(item.length - QueueProtocol.HEADER_LENGTH)
                .put(item, QueueProtocol.HEADER_LENGTH, item.length - QueueProtocol.HEADER_LENGTH);
        }
        QueueProtocol.writeHeader(reply.array(), QueueProtocol.ITEMS, id, count);
        return reply.array();
    }

    /**
     * Removes the stored item nearest the front whose bytes are these, counting it as done (nobody will process it),
     * so that {@code join} does not wait for it. Under the lock.
     */
    private boolean removeStored(final byte[] encoded, final int from, final int to, final Outbox out) {
        final Iterator<byte[]> stored = items.iterator();
        while (stored.hasNext()) {
            final byte[] item = stored.next();
            if (Arrays.equals(item, QueueProtocol.HEADER_LENGTH, item.length, encoded, from, to)) {
                stored.remove();
                markDone(out);
                return true;
            }
        }
        return false;
    }

    private boolean markDone(final Outbox out) {
        if (unfinished <= 0) {
            return false;
        }
        if (--unfinished == 0) {
            allDone.signalAll();
            for (final Waiter joiner : joiners) {
                joiner.cancelTimer();
                out.add(joiner.session, QueueProtocol.control(QueueProtocol.OK, joiner.id, 0));
            }
            joiners.clear();
        }
        return true;
    }

    /**
     * Admits waiting puts while there is room and serves waiting gets while there are items; after a shutdown,
     * answers the shutdowns once every attached process knows and fails the waiting gets once no item can come;
     * then wakes locals.
     */
    private void settle(final Outbox out) {
        boolean changed = true;
        while (changed) {
            changed = false;
            while (!putters.isEmpty() && !isFull()) {
                final Waiter putter = putters.pollFirst();
                putter.cancelTimer();
                items.addLast(putter.item);
                unfinished++;
                out.add(putter.session, QueueProtocol.control(QueueProtocol.OK, putter.id, 0));
                changed = true;
            }
            while (!getters.isEmpty() && !items.isEmpty()) {
                final Waiter getter = getters.pollFirst();
                getter.cancelTimer();
                hand(getter.session, getter.id, items.pollFirst(), out);
                changed = true;
            }
        }
        if (shutdown && !everyoneKnows && unacknowledged.isEmpty()) {
            everyoneKnows = true;
            for (final Waiter shutdowner : shutdowners) {
                out.add(shutdowner.session, QueueProtocol.control(QueueProtocol.OK, shutdowner.id, 0));
            }
            shutdowners.clear();
            everyoneKnowsOfShutdown.signalAll();
        }
        if (drained()) {
            for (final Waiter getter : getters) {
                getter.cancelTimer();
                out.add(getter.session, shutDownReply(getter.id));
            }
            getters.clear();
            notEmpty.signalAll();
        }
        if (!items.isEmpty()) {
            notEmpty.signal();
        }
        if (!isFull()) {
            notFull.signal();
        }
    }

    /** A request of an attached process that waits; guarded by the lock. */
    private static final class Waiter {
        final Session session;
        final long id;
        final byte[] item;
        ScheduledFuture<?> timer;

        Waiter(final Session session, final long id, final byte[] item) {
            this.session = session;
            this.id = id;
            this.item = item;
        }

        void cancelTimer() {
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }

    /** Messages decided under the lock, sent after it is released. */
    private static final class Outbox {
        private List<Session> sessions;
        private List<byte[]> messages;
        private List<Session> toClose;

        void add(final Session session, final byte[] message) {
            if (sessions == null) {
                sessions = new ArrayList<>(2);
                messages = new ArrayList<>(2);
            }
            sessions.add(session);
            messages.add(message);
        }

        /** Ends a session's connection once its messages are sent. */
        void close(final Session session) {
            if (toClose == null) {
                toClose = new ArrayList<>(1);
            }
            toClose.add(session);
        }

        void send() {
            if (sessions != null) {
                for (int i = 0; i < sessions.size(); i++) {
                    sessions.get(i).send(messages.get(i));
                }
            }
            if (toClose != null) {
                toClose.forEach(session -> session.channel.close());
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
