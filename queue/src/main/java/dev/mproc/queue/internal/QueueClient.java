package dev.mproc.queue.internal;

import static dev.mproc.queue.internal.QueueProtocol.HEADER_LENGTH;

import dev.mproc.internal.Codec;
import dev.mproc.internal.ProcessContext;
import dev.mproc.internal.wire.Endpoints;
import dev.mproc.internal.wire.FrameChannel;
import dev.mproc.queue.QueueGoneException;
import dev.mproc.queue.ShutDown;
import dev.mproc.queue.UndecodableItemException;
import java.io.EOFException;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A queue attached in a process other than its owner: one authenticated connection to the owner, shared by every
 * thread of this process, and a reader thread that hands each reply to the request waiting for it.
 *
 * <p>Puts of an unbounded, non-joinable queue are streamed: {@link #put} returns once the message is written, i.e.
 * queued on the owner's socket, from where the owner reads it even if this process dies next. Other requests wait
 * for the owner's reply; the owner keeps the timeouts. A request interrupted while it waits is cancelled at the
 * owner, and its final reply still awaited, so an item is never both reported as not taken and taken.
 *
 * <p>Attaching greets the owner with the protocol's version and waits for its answer, so that an owner of another
 * version is reported as such rather than as gone. When the owner says the queue is shut down, this process stops
 * streaming puts (a put in progress finishes first) and then acknowledges, so that every put it streamed reaches the
 * owner ahead of the acknowledgement.
 *
 * <p><b>Thread safety:</b> safe for concurrent use; messages from one thread reach the owner in the order sent.
 */
public final class QueueClient implements QueueEndpoint {

    private final String name;
    private final long ownerPid;
    private final boolean streamPuts;
    private final Codec codec;
    private final FrameChannel channel;
    private final Map<Long, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile RuntimeException failure;
    /** Set when the owner said it closes the queue, before the connection ends. */
    private volatile boolean closedByOwner;
    /** Set when the owner said the queue is shut down; read by every put before it is sent. */
    private volatile boolean shutDown;
    /**
     * Streamed puts check {@link #shutDown} and send under the read lock; the acknowledgement of a shutdown is sent
     * under the write lock, so it follows every streamed put that did not see the flag.
     */
    private final ReentrantReadWriteLock streaming = new ReentrantReadWriteLock();

    private QueueClient(final String name, final long ownerPid, final boolean streamPuts, final Codec codec,
                        final FrameChannel channel) {
        this.name = name;
        this.ownerPid = ownerPid;
        this.streamPuts = streamPuts;
        this.codec = codec;
        this.channel = channel;
    }

    /**
     * Connects to the owner of a queue.
     *
     * @param name       the queue's name
     * @param path       the owner's socket
     * @param ownerPid   the owner's pid, for messages
     * @param streamPuts whether puts go without waiting for a reply (unbounded, non-joinable queues)
     * @param codec      the codec of the items
     * @return the connected client
     * @throws IOException when the owner cannot be reached; the message names the queue and the owner
     */
    public static QueueClient connect(final String name, final Path path, final long ownerPid,
                                      final boolean streamPuts, final Codec codec) throws IOException {
        final FrameChannel channel;
        try {
            channel = Endpoints.connect(UnixDomainSocketAddress.of(path), ProcessContext.authkey());
        } catch (final IOException e) {
            throw new IOException(name + " is gone: " + ownerState(ownerPid) + " (" + e.getMessage() + ")", e);
        }
        final QueueClient client = new QueueClient(name, ownerPid, streamPuts, codec, channel);
        try {
            client.greet();
        } catch (final IOException e) {
            channel.close();
            throw e;
        }
        final Thread reader = new Thread(client::readReplies, "mproc-" + name + "-client");
        reader.setDaemon(true);
        reader.start();
        return client;
    }

    /**
     * Greets the owner with this protocol's version and reads its answer, and the notice of a shutdown that may come
     * before it, before any thread of this process can use the queue.
     */
    private void greet() throws IOException {
        try {
            channel.send(QueueProtocol.hello(), 0, HEADER_LENGTH);
            while (true) {
                final byte[] answer = channel.receive();
                final byte op = answer.length < HEADER_LENGTH ? 0 : QueueProtocol.op(answer);
                if (op == QueueProtocol.SHUTTING_DOWN) {
                    // The owner does not wait for an acknowledgement: no put of this process can precede this.
                    shutDown = true;
                } else if (op == QueueProtocol.HELLO && QueueProtocol.argument(answer) == QueueProtocol.VERSION) {
                    return;
                } else if (op == QueueProtocol.HELLO) {
                    throw new IOException(name + " cannot be attached: its owner, process " + ownerPid
                        + ", speaks queue protocol version " + QueueProtocol.argument(answer) + " and this process "
                        + "version " + QueueProtocol.VERSION + " (run one version of mproc in every process)");
                } else {
                    throw new IOException(name + " cannot be attached: its owner, process " + ownerPid
                        + ", answered the greeting with " + (answer.length < HEADER_LENGTH
                        ? answer.length + " bytes" : QueueProtocol.name(op)));
                }
            }
        } catch (final EOFException e) {
            if (ProcessHandle.of(ownerPid).map(ProcessHandle::isAlive).orElse(false)) {
                throw new IOException(name + " cannot be attached: its owner, process " + ownerPid + ", dropped the "
                    + "connection at the greeting of queue protocol version " + QueueProtocol.VERSION + "; it runs an "
                    + "older mproc, which does not know it, or it was closing the queue", e);
            }
            throw new IOException(name + " is gone: " + ownerState(ownerPid) + " (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isOwner() {
        return false;
    }

    @Override
    public boolean put(final Object value, final long timeoutNanos) throws InterruptedException {
        final ItemBuffer item = ItemBuffer.encode(codec, value, name);
        if (item.length() > channel.maxFrameLength()) {
            // The owner would take such a frame for garbage and drop this process's connection.
            throw new IllegalArgumentException("cannot put a " + value.getClass().getName() + " of "
                + item.length() + " bytes on " + name + ": the most a message may carry is "
                + channel.maxFrameLength() + " bytes");
        }
        if (streamPuts) {
            streaming.readLock().lock();
            try {
                checkUsable();
                refuseIfShutDown();
                item.writeHeader(QueueProtocol.PUT, 0, 0);
                channel.send(item.frame());
            } catch (final IOException e) {
                throw fail(e);
            } finally {
                streaming.readLock().unlock();
            }
            return true;
        }
        checkUsable();
        refuseIfShutDown();
        final byte[] reply = request(QueueProtocol.PUT_WAIT, timeoutNanos, item, true);
        switch (QueueProtocol.op(reply)) {
            case QueueProtocol.OK:
                return true;
            case QueueProtocol.FULL:
                return false;
            case QueueProtocol.SHUT_DOWN:
                shutDown = true;
                throw new ShutDown("cannot put on " + name + ": it is shut down");
            default:
                throw unexpected(QueueProtocol.PUT_WAIT, reply);
        }
    }

    private void refuseIfShutDown() {
        if (shutDown) {
            throw new ShutDown("cannot put on " + name + ": it is shut down");
        }
    }

    /** A reply this version does not give to that request: a defect, named rather than taken for another reply. */
    private IllegalStateException unexpected(final byte request, final byte[] reply) {
        return new IllegalStateException(name + ": its owner, process " + ownerPid + ", answered "
            + QueueProtocol.name(request) + " with " + QueueProtocol.name(QueueProtocol.op(reply)));
    }

    @Override
    public Object get(final long timeoutNanos) throws InterruptedException {
        final byte[] reply = request(QueueProtocol.GET, timeoutNanos, null, true);
        switch (QueueProtocol.op(reply)) {
            case QueueProtocol.ITEM:
                break;
            case QueueProtocol.EMPTY:
                return NOTHING;
            case QueueProtocol.SHUT_DOWN:
                throw new ShutDown(name + " is shut down" + (QueueProtocol.argument(reply) == 1
                    ? " immediately" : " and empty"));
            default:
                throw unexpected(QueueProtocol.GET, reply);
        }
        final long id = QueueProtocol.id(reply);
        final Object value;
        try {
            value = ItemDecoder.decode(codec, reply, name);
        } catch (final UndecodableItemException e) {
            // Consumed: the exception, which carries the bytes, is the item's delivery.
            acknowledge(id);
            throw e;
        } catch (final VirtualMachineError e) {
            // This process failed, not the item: it goes back to the front, as if this process had died.
            sendQuietly(QueueProtocol.control(QueueProtocol.RETURN, id, 0));
            throw e;
        }
        acknowledge(id);
        return value;
    }

    /**
     * Acknowledges an item before the caller has it: from here on a death of this process loses the item with the
     * caller, never silently in between.
     */
    private void acknowledge(final long id) {
        try {
            channel.send(QueueProtocol.control(QueueProtocol.ACK, id, 0), 0, HEADER_LENGTH);
        } catch (final IOException e) {
            throw fail(e);
        }
    }

    @Override
    public int size() {
        final byte[] reply = requestUninterruptibly(QueueProtocol.SIZE, 0);
        if (QueueProtocol.op(reply) != QueueProtocol.SIZE_IS) {
            throw unexpected(QueueProtocol.SIZE, reply);
        }
        return (int) QueueProtocol.argument(reply);
    }

    @Override
    public List<StoredItem> peek(final int limit) {
        final byte[] reply = requestUninterruptibly(QueueProtocol.PEEK_ALL, limit);
        switch (QueueProtocol.op(reply)) {
            case QueueProtocol.ITEMS:
                break;
            case QueueProtocol.TOO_LARGE:
                throw new IllegalStateException(name + ": its items (" + QueueProtocol.argument(reply)
                    + " bytes) do not fit one message; take them with drainTo() or get() instead");
            default:
                throw unexpected(QueueProtocol.PEEK_ALL, reply);
        }
        final int count = (int) QueueProtocol.argument(reply);
        final List<StoredItem> values = new ArrayList<>(count);
        final ByteBuffer in = ByteBuffer.wrap(reply, HEADER_LENGTH, reply.length - HEADER_LENGTH);
        for (int i = 0; i < count; i++) {
            final int length = in.getInt();
            if (length < 0 || length > in.remaining()) {
                throw new IllegalStateException(name + ": its owner, process " + ownerPid + ", sent a snapshot whose"
                    + " item " + i + " claims " + length + " bytes of the " + in.remaining() + " left");
            }
            values.add(new StoredItem(ItemDecoder.decode(codec, reply, in.position(), in.position() + length, name),
                Arrays.copyOfRange(reply, in.position(), in.position() + length)));
            in.position(in.position() + length);
        }
        return values;
    }

    @Override
    public boolean remove(final byte[] encoded) {
        final ItemBuffer item = ItemBuffer.wrap(encoded);
        final byte[] reply;
        try {
            reply = request(QueueProtocol.REMOVE, 0, item, false);
        } catch (final InterruptedException e) {
            throw new AssertionError("an uninterruptible request was interrupted", e);
        }
        if (QueueProtocol.op(reply) != QueueProtocol.OK) {
            throw unexpected(QueueProtocol.REMOVE, reply);
        }
        return QueueProtocol.argument(reply) == 1;
    }

    @Override
    public void taskDone() {
        final byte[] reply = requestUninterruptibly(QueueProtocol.TASK_DONE, 0);
        switch (QueueProtocol.op(reply)) {
            case QueueProtocol.OK:
                return;
            case QueueProtocol.TOO_MANY_DONE:
                throw new IllegalStateException("taskDone() called more times than items were put on " + name);
            default:
                throw unexpected(QueueProtocol.TASK_DONE, reply);
        }
    }

    @Override
    public boolean join(final long timeoutNanos) throws InterruptedException {
        final byte[] reply = request(QueueProtocol.JOIN, timeoutNanos, null, true);
        switch (QueueProtocol.op(reply)) {
            case QueueProtocol.OK:
                return true;
            case QueueProtocol.TIMED_OUT:
                return false;
            default:
                throw unexpected(QueueProtocol.JOIN, reply);
        }
    }

    @Override
    public void shutdown(final boolean immediate) {
        final CompletableFuture<byte[]> reply = new CompletableFuture<>();
        final long id = send(QueueProtocol.SHUTDOWN, immediate ? 1 : 0, null, reply);
        final byte[] answer;
        try {
            answer = unwrap(reply);
        } catch (final InterruptedException e) {
            // In effect at the owner already; only the wait for every process to know is cut short (its answer,
            // when it comes, finds no request waiting and is dropped).
            pending.remove(id);
            Thread.currentThread().interrupt();
            return;
        }
        if (QueueProtocol.op(answer) != QueueProtocol.OK) {
            throw unexpected(QueueProtocol.SHUTDOWN, answer);
        }
    }

    @Override
    public boolean isShutdown() {
        return shutDown;
    }

    @Override
    public boolean isClosed() {
        return failure != null;
    }

    @Override
    public void close() {
        if (failure == null) {
            failure = new IllegalStateException(name + " is closed in process " + ProcessHandle.current().pid());
        }
        channel.close();
    }

    private byte[] requestUninterruptibly(final byte op, final long argument) {
        try {
            return request(op, argument, null, false);
        } catch (final InterruptedException e) {
            throw new AssertionError("an uninterruptible request was interrupted", e);
        }
    }

    /**
     * Sends a request and waits for its final reply.
     *
     * @param item          the message holding the item, or null for a header alone
     * @param interruptible whether an interrupt cancels the request (the final reply is still awaited)
     */
    private byte[] request(final byte op, final long argument, final ItemBuffer item, final boolean interruptible)
        throws InterruptedException {
        final CompletableFuture<byte[]> reply = new CompletableFuture<>();
        final long id = send(op, argument, item, reply);
        if (!interruptible) {
            return awaitUninterruptibly(reply);
        }
        try {
            return unwrap(reply);
        } catch (final InterruptedException e) {
            sendQuietly(QueueProtocol.control(QueueProtocol.CANCEL, id, 0));
            final byte[] last = awaitUninterruptibly(reply);
            if (QueueProtocol.op(last) == QueueProtocol.CANCELLED) {
                throw e;
            }
            // The request completed before the cancel arrived: report its outcome, keep the interrupt.
            Thread.currentThread().interrupt();
            return last;
        }
    }

    /**
     * Registers where a request's reply goes, then sends the request.
     *
     * @param item  the message holding the item, or null for a header alone
     * @param reply completed by the reader with the final reply
     * @return the request's id
     */
    private long send(final byte op, final long argument, final ItemBuffer item,
                      final CompletableFuture<byte[]> reply) {
        checkUsable();
        final long id = ids.incrementAndGet();
        pending.put(id, reply);
        if (failure != null) {
            // The reader may have failed the pending requests just before this one was added.
            pending.remove(id);
            checkUsable();
        }
        try {
            if (item == null) {
                channel.send(QueueProtocol.control(op, id, argument), 0, HEADER_LENGTH);
            } else {
                item.writeHeader(op, id, argument);
                channel.send(item.frame());
            }
        } catch (final IOException e) {
            pending.remove(id);
            throw fail(e);
        }
        return id;
    }

    private byte[] unwrap(final CompletableFuture<byte[]> reply) throws InterruptedException {
        try {
            return reply.get();
        } catch (final ExecutionException e) {
            final RuntimeException cause = (RuntimeException) e.getCause();
            if (cause instanceof QueueGoneException) {
                throw new QueueGoneException(cause.getMessage(), cause.getCause());
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    private byte[] awaitUninterruptibly(final CompletableFuture<byte[]> reply) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return unwrap(reply);
                } catch (final InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void readReplies() {
        try {
            while (true) {
                final byte[] reply = channel.receive();
                if (QueueProtocol.op(reply) == QueueProtocol.CLOSING) {
                    closedByOwner = true;
                    continue;
                }
                if (QueueProtocol.op(reply) == QueueProtocol.SHUTTING_DOWN) {
                    acknowledgeShutdown();
                    continue;
                }
                final CompletableFuture<byte[]> waiting = pending.remove(QueueProtocol.id(reply));
                if (waiting != null) {
                    waiting.complete(reply);
                }
            }
        } catch (final IOException e) {
            fail(e);
        }
    }

    /**
     * Stops streaming puts, then tells the owner, behind every streamed put that did not see the flag. The waiting
     * is done by a thread of its own: this reader must keep reading, or a put blocked on a full socket could wait for
     * an owner that waits for this process to read its replies.
     */
    private void acknowledgeShutdown() {
        shutDown = true;
        final Thread acknowledger = new Thread(() -> {
            streaming.writeLock().lock();
            try {
                sendQuietly(QueueProtocol.control(QueueProtocol.SHUTDOWN_SEEN, 0, 0));
            } finally {
                streaming.writeLock().unlock();
            }
        }, "mproc-" + name + "-shutdown");
        acknowledger.setDaemon(true);
        acknowledger.start();
    }

    private void sendQuietly(final byte[] message) {
        try {
            channel.send(message, 0, message.length);
        } catch (final IOException e) {
            fail(e);
        }
    }

    /** Records that the owner is unreachable and fails every waiting request; returns what to throw. */
    private RuntimeException fail(final IOException cause) {
        if (failure == null) {
            // Without the owner's notice, the connection ended because the owner's process did.
            final String state = "its owner, process " + ownerPid + (closedByOwner ? ", closed it" : ", has ended");
            failure = new QueueGoneException(name + " is gone: " + state + " ("
                + cause.getMessage() + ")", cause);
        }
        channel.close();
        for (final Long id : pending.keySet()) {
            final CompletableFuture<byte[]> waiting = pending.remove(id);
            if (waiting != null) {
                waiting.completeExceptionally(failure);
            }
        }
        return copy(failure);
    }

    private void checkUsable() {
        final RuntimeException current = failure;
        if (current != null) {
            throw copy(current);
        }
    }

    /** A fresh exception with this thread's stack, of the same kind as the recorded failure. */
    private static RuntimeException copy(final RuntimeException failure) {
        if (failure instanceof QueueGoneException) {
            return new QueueGoneException(failure.getMessage(), failure.getCause());
        }
        return new IllegalStateException(failure.getMessage(), failure);
    }

    /** Says why the owner cannot be reached at connection time. */
    private static String ownerState(final long ownerPid) {
        if (ownerPid == ProcessHandle.current().pid()) {
            return "this process, its owner, closed it";
        }
        return ProcessHandle.of(ownerPid).map(ProcessHandle::isAlive).orElse(false)
            ? "its owner, process " + ownerPid + ", does not serve it any more"
            : "its owner, process " + ownerPid + ", has ended";
    }

    @Override
    public String toString() {
        return name;
    }
}
