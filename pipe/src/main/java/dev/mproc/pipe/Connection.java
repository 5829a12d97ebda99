package dev.mproc.pipe;

import dev.mproc.Address;
import dev.mproc.BufferTooShortException;
import dev.mproc.internal.Codec;
import dev.mproc.internal.wire.FrameBuffer;
import dev.mproc.internal.wire.FrameChannel;
import dev.mproc.pipe.internal.Attachment;
import dev.mproc.pipe.internal.DeliveryRecord;
import dev.mproc.pipe.internal.FrameSender;
import dev.mproc.pipe.internal.HolderWatch;
import dev.mproc.pipe.internal.OpenAtExit;
import dev.mproc.pipe.internal.PipeEnd;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.NotSerializableException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One end of a connection between two processes: Python's {@code multiprocessing.connection.Connection}. Objects and
 * byte messages go through it whole and in order.
 *
 * <pre>{@code
 * conn.send(List.of(42, "hello"));      // any Serializable object
 * Object reply = conn.recv();           // EOFException once the other end is closed and drained
 * conn.sendBytes(bytes);                // raw bytes, no serialization: Python's send_bytes
 * }</pre>
 *
 * <p>A connection comes from {@link Pipe#open()} (its {@link Pipe#left()} and {@link Pipe#right()}), from
 * {@link Listener#accept()} or from {@link Client#connect}. Every connection has completed the authkey challenge in
 * both directions before a single payload byte is read, so nothing unauthenticated is ever deserialized.
 *
 * <p>Errors: {@link EOFException} from the receiving methods when the other end was closed, or its process died,
 * and no process has taken it since, after every message it sent has been received; an {@link IOException} naming the
 * other end from the sending methods when it is gone; a {@link NotSerializableException} naming the class when a value
 * cannot be encoded, in which case nothing was sent and the connection stays usable; a
 * {@link java.io.StreamCorruptedException} when the stream is garbled, after which the connection is closed. A one-way
 * pipe's ends throw {@link IllegalStateException} when used the wrong way.
 *
 * <p>Sending: a message sent when the connection is idle is written to the socket before {@code send} returns; when
 * messages follow each other faster than the socket takes them, they are gathered into batches that a background
 * thread writes with one system call each, so a burst costs a few system calls rather than one per message, and the
 * last message of a burst is on its way at once, not after a timer. {@link #close()} and a normal exit of the process
 * write whatever is still pending.
 *
 * <p><b>Thread safety:</b> one thread may send while another receives; concurrent senders (or receivers) are
 * serialized, so messages never interleave. <b>Process safety:</b> a pipe end is {@link Serializable}: captured by a
 * task or sent through another connection, it re-attaches in the receiving process (see {@link Pipe} for how), and
 * it may be used in any one process at a time, including the one that created it. Using the same end in a second
 * process while a first holds it fails there with an {@link IllegalStateException} naming the first process, rather
 * than two processes sharing one stream; once the holder has closed the end, exited or died, the next process that uses
 * a copy takes it, and receives first what was sent to the end and never received by the holder that ended (see
 * {@link Pipe}). Connections from a {@link Listener} or a {@link Client} are sockets of the
 * process that made them and do not cross ({@link NotSerializableException}); send the {@link Address} instead.
 * {@code close()} is per process: closing a copy that never did I/O in this process leaves the end usable elsewhere.
 */
public final class Connection implements Closeable, Serializable {

    private static final long serialVersionUID = 1L;
    private static final Codec CODEC = Codec.standard();
    private static final long EXIT_FLUSH_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int ENCODE_CAPACITY = 4 * 1024;
    /** Storage a large message grew the encode buffer past this is given back after it is sent. */
    private static final int ENCODE_KEPT_CAPACITY = 1024 * 1024;

    private final transient String name;
    private final transient PipeEnd end;
    private final transient Path socketPath;
    private final transient boolean left;
    private final transient boolean readable;
    private final transient boolean writable;

    private final transient Object state = new Object();
    private transient volatile FrameChannel channel;
    private transient volatile FrameSender sender;
    private transient volatile String peerGone;
    /** The attachment in force (the session with the other end's current holder); written under state. */
    private transient volatile Attachment session;
    /**
     * Channels of sessions that ended while they still held messages (the other end changed hands while this end was
     * sending); they are read to their end before {@code channel}. Guarded by state.
     */
    private final transient ArrayDeque<FrameChannel> draining = new ArrayDeque<>();
    private transient volatile boolean closed;
    private transient boolean adopting;
    private final transient Closeable atExit = this::closeAtExit;

    private final transient ReentrantLock encodeLock = new ReentrantLock();
    private final transient FrameBuffer encoded = new FrameBuffer(ENCODE_CAPACITY, ENCODE_KEPT_CAPACITY);

    private Connection(final String name, final PipeEnd end, final Path socketPath, final boolean left,
                       final boolean readable, final boolean writable) {
        this.name = name;
        this.end = end;
        this.socketPath = socketPath;
        this.left = left;
        this.readable = readable;
        this.writable = writable;
    }

    /** A pipe end that attaches on its first I/O in whatever process it is then in. */
    static Connection pipeEnd(final Path socketPath, final boolean left, final boolean readable,
                              final boolean writable, final boolean creatorCopy) {
        final PipeEnd end = new PipeEnd(socketPath, left, creatorCopy);
        return new Connection(end.name(), end, socketPath, left, readable, writable);
    }

    /** A connection over an authenticated channel (from a listener or a client). */
    static Connection connected(final FrameChannel channel) {
        final Connection connection = new Connection(channel.peer(), null, null, false, true, true);
        connection.adopt(Attachment.connected(channel));
        return connection;
    }

    // ---------------------------------------------------------------------------------------------- sending

    /**
     * Sends an object: Python's {@code send}. It is encoded by Java serialization (with fast paths for null, strings,
     * byte arrays and boxed primitives) before anything is written.
     *
     * @param value the object, possibly {@code null}; IPC objects in it (pipe ends, queues...) cross
     *              as handles and re-attach on the other side
     * @throws NotSerializableException when the value, or something it reaches, is not serializable (the class is
     *                                  named); nothing was sent and the connection stays usable
     * @throws IOException              when the other end is gone or this end is closed
     */
    public void send(final Object value) throws IOException {
        final long start = System.nanoTime();
        requireWritable();
        encodeLock.lock();
        try {
            encoded.reset();
            CODEC.encode(value, encoded);
            deliver(encoded.contents(), start);
        } finally {
            encodeLock.unlock();
        }
    }

    /**
     * Sends a byte array as one message: Python's {@code send_bytes}.
     *
     * @param bytes the message; may be reused once this returns
     * @throws IOException when the other end is gone or this end is closed
     */
    public void sendBytes(final byte[] bytes) throws IOException {
        sendBytes(ByteBuffer.wrap(bytes));
    }

    /**
     * Sends part of a byte array as one message.
     *
     * @param bytes  the array
     * @param offset where the message starts
     * @param length how many bytes it has
     * @throws IndexOutOfBoundsException when the range is not within the array
     * @throws IOException               when the other end is gone or this end is closed
     */
    public void sendBytes(final byte[] bytes, final int offset, final int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        sendBytes(ByteBuffer.wrap(bytes, offset, length));
    }

    /**
     * Sends the remaining bytes of a buffer as one message; the buffer's position does not move.
     *
     * @param bytes the message (heap or direct); may be reused once this returns
     * @throws IOException when the other end is gone or this end is closed
     */
    public void sendBytes(final ByteBuffer bytes) throws IOException {
        final long start = System.nanoTime();
        requireWritable();
        deliver(bytes, start);
    }

    // -------------------------------------------------------------------------------------------- receiving

    /**
     * Receives the next object: Python's {@code recv}. Blocks until a message arrives.
     *
     * @return the object, possibly {@code null}
     * @throws EOFException           when the other end is closed (or its process died) and every message it sent
     *                                has been received
     * @throws java.io.InterruptedIOException when interrupted while waiting for a message to begin
     * @throws IOException            when the message does not decode (its class is named; the next message is
     *                                still readable) or the stream is garbled (the connection is closed)
     */
    public Object recv() throws IOException {
        return receiving(in -> in.receive(CODEC));
    }

    /**
     * Receives the next message as bytes: Python's {@code recv_bytes}.
     *
     * @return the message
     * @throws EOFException when the other end is closed and drained
     * @throws IOException  when the stream is garbled or this end is closed
     */
    public byte[] recvBytes() throws IOException {
        return receiving(FrameChannel::receive);
    }

    /**
     * Receives the next message as bytes, if it is no longer than {@code maxLength}: Python's
     * {@code recv_bytes(maxlength)}.
     *
     * @param maxLength the longest message to take, in bytes
     * @return the message
     * @throws dev.mproc.MessageTooLongException when the message is longer; it is discarded and the next message
     *                                           is still readable
     * @throws EOFException                      when the other end is closed and drained
     * @throws IOException                       when the stream is garbled or this end is closed
     */
    public byte[] recvBytes(final int maxLength) throws IOException {
        if (maxLength < 0) {
            throw new IllegalArgumentException("negative maxLength " + maxLength);
        }
        return receiving(in -> in.receive(maxLength));
    }

    /**
     * Receives the next message into an array: Python's {@code recv_bytes_into}.
     *
     * @param buffer where the message goes, from index 0
     * @return the message length
     * @throws BufferTooShortException when it does not fit; the exception carries the whole message
     * @throws EOFException            when the other end is closed and drained
     * @throws IOException             when the stream is garbled or this end is closed
     */
    public int recvBytesInto(final byte[] buffer) throws IOException {
        return recvBytesInto(buffer, 0);
    }

    /**
     * Receives the next message into an array, from an offset.
     *
     * @param buffer where the message goes
     * @param offset where in the buffer it starts
     * @return the message length
     * @throws BufferTooShortException when it does not fit; the exception carries the whole message
     * @throws EOFException            when the other end is closed and drained
     * @throws IOException             when the stream is garbled or this end is closed
     */
    public int recvBytesInto(final byte[] buffer, final int offset) throws IOException {
        Objects.checkIndex(offset, buffer.length + 1);
        return recvBytesInto(ByteBuffer.wrap(buffer, offset, buffer.length - offset));
    }

    /**
     * Receives the next message into a buffer, from its position, which advances by the message length.
     *
     * @param buffer where the message goes (heap or direct)
     * @return the message length
     * @throws BufferTooShortException when it does not fit in the buffer's remaining room; the exception carries the
     *                                 whole message and the buffer is untouched
     * @throws EOFException            when the other end is closed and drained
     * @throws IOException             when the stream is garbled or this end is closed
     */
    public int recvBytesInto(final ByteBuffer buffer) throws IOException {
        return receiving(in -> in.receiveInto(buffer));
    }

    /**
     * Tells whether a message (or the end of the stream) can be received without waiting: Python's {@code poll()}.
     *
     * @return whether {@code recv} would not wait for a message to begin
     * @throws IOException when this end is closed
     */
    public boolean poll() throws IOException {
        return poll(Duration.ZERO);
    }

    /**
     * Waits up to the timeout for a message (or the end of the stream): Python's {@code poll(timeout)}.
     *
     * @param timeout how long to wait; {@link Duration#ZERO} does not wait
     * @return whether {@code recv} would not wait for a message to begin
     * @throws java.io.InterruptedIOException when interrupted while waiting
     * @throws IOException                    when this end is closed
     */
    public boolean poll(final Duration timeout) throws IOException {
        requireReadable();
        final long timeoutNanos = saturatedNanos(timeout);
        final long deadline = System.nanoTime() + timeoutNanos;
        if (!attach(timeoutNanos)) {
            return false;
        }
        synchronized (state) {
            if (!draining.isEmpty()) {
                // Messages of an ended session, or its end, which recv passes over to the session in force.
                return true;
            }
        }
        FrameChannel in = channel;
        if (in == null) {
            final CompletableFuture<Attachment> next = startRenewal();
            if (next == null) {
                return true;
            }
            if (!renewWithin(Math.max(0, deadline - System.nanoTime()))) {
                // Either the renewal found the other end gone again (the end of the stream is ready) or it is late.
                return next.isDone();
            }
            in = channel;
        }
        final long remaining = Math.max(0, deadline - System.nanoTime());
        return in.poll(remaining == 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
    }

    // ------------------------------------------------------------------------------------------------ state

    /**
     * Closes this end in this process: what is pending is written first, then the socket is closed and the other
     * end sees the end of the stream once it has received every message. Closing a pipe end that never did I/O in
     * this process is local: the end stays usable in the process it was handed to. Idempotent.
     */
    @Override
    public void close() {
        close(Long.MAX_VALUE);
    }

    /** Closes, giving what is still to be sent at most the time given to go out. */
    private void close(final long flushNanos) {
        synchronized (state) {
            if (closed) {
                return;
            }
            closed = true;
        }
        OpenAtExit.remove(atExit);
        final FrameSender out = sender;
        if (out != null) {
            out.close(flushNanos);
        }
        final FrameChannel in = channel;
        if (in != null) {
            in.close();
        }
        synchronized (state) {
            draining.forEach(FrameChannel::close);
            draining.clear();
        }
        if (end != null) {
            end.close();
        }
    }

    /** @return whether this end was closed in this process (by {@link #close()} or a garbled stream) */
    public boolean isClosed() {
        final FrameChannel in = channel;
        return closed || in != null && in.isClosed();
    }

    /** @return whether this end can receive (false for the writing end of a one-way pipe) */
    public boolean isReadable() {
        return readable;
    }

    /** @return whether this end can send (false for the reading end of a one-way pipe) */
    public boolean isWritable() {
        return writable;
    }

    @Override
    public String toString() {
        return "Connection[" + name + (closed ? ", closed" : channel != null ? ", attached" : "") + "]";
    }

    // ------------------------------------------------------------------------------------------------ internals

    /** Whether bytes or the end of the stream are here already, without a system call (for waiting on many). */
    boolean hasBufferedInput() {
        synchronized (state) {
            if (!draining.isEmpty()) {
                return true;
            }
        }
        final FrameChannel in = channel;
        return in == null ? peerGone != null : in.hasBufferedInput();
    }

    /** The rendezvous socket path of a pipe end, null for other connections. */
    Path rendezvousPath() {
        return socketPath;
    }

    /** The channel to read next (an ended session's first), or null (not yet attached, or the other end is gone). */
    FrameChannel attachedChannel() {
        synchronized (state) {
            if (!draining.isEmpty()) {
                return draining.peek();
            }
        }
        return channel;
    }

    /** Attaches within the timeout; returns whether this end is attached (or knows the other end is gone). */
    boolean attach(final long timeoutNanos) throws IOException {
        ensureOpen();
        if (channel != null || peerGone != null) {
            return true;
        }
        startAttaching();
        final Attachment attachment = end.await(timeoutNanos);
        if (attachment == null) {
            return false;
        }
        adopt(attachment);
        ensureOpen();
        return true;
    }

    /** Claims the end (failing here if another process holds it) and adopts the attachment whenever it comes. */
    private void startAttaching() throws IOException {
        final CompletableFuture<Attachment> attaching = end.start();
        synchronized (state) {
            if (adopting) {
                return;
            }
            adopting = true;
        }
        attaching.whenComplete((attachment, failure) -> {
            if (attachment != null) {
                adopt(attachment);
            } else {
                final FrameSender out = sender;
                if (out != null) {
                    out.fail(new IOException("cannot send on the " + name + ": " + failure.getMessage(), failure));
                }
            }
        });
    }

    private void adopt(final Attachment attachment) {
        final FrameChannel attached = attachment.channel();
        synchronized (state) {
            if (session != null) {
                // Each renewal joins a newer holder of the other end; an attachment adopted late is not one.
                if (attachment.peerGeneration() > session.peerGeneration()) {
                    if (closed) {
                        if (attached != null) {
                            attached.close();
                        }
                    } else {
                        switchTo(attachment);
                    }
                }
                return;
            }
            session = attachment;
            if (attached != null) {
                if (sender == null) {
                    sender = attached.isProtected() ? FrameSender.sealing(attached)
                        : end == null ? new FrameSender(attached.socket(), attached.peer())
                        : FrameSender.retaining(attached.peer(), end.peerDeliveries());
                }
                if (end != null) {
                    sender.connect(attached.socket(), sessionKey(attachment));
                }
                channel = attached;
                OpenAtExit.add(atExit);
            } else {
                peerGone = attachment.peerGone();
                if (sender != null) {
                    sender.fail(new IOException("cannot send on the " + name + ": " + peerGone));
                }
            }
            if (end != null) {
                HolderWatch.watch(this::followHolder);
            }
        }
    }

    /** A receive on one channel. */
    @FunctionalInterface
    private interface Receive<T> {
        T from(FrameChannel in) throws IOException;
    }

    /**
     * Receives from the channel to read next; at the end of a session's stream, goes on with the next session when
     * the other end has been taken by another process since, and otherwise reports the end of the stream.
     */
    private <T> T receiving(final Receive<T> receive) throws IOException {
        requireReadable();
        while (true) {
            final FrameChannel in = readChannel();
            try {
                final T received = receive.from(in);
                delivered(in);
                return received;
            } catch (final EOFException e) {
                if (!nextAfterEndOf(in)) {
                    throw e;
                }
            } catch (final InterruptedIOException e) {
                throw e;
            } catch (final IOException | RuntimeException e) {
                if (!in.isClosed()) {
                    // Too long, too short a buffer, or not decodable: the message was consumed all the same.
                    delivered(in);
                }
                throw e;
            }
        }
    }

    /** Counts a message received in the session in force, for the other end to drop what it kept of it. */
    private void delivered(final FrameChannel in) {
        final Attachment current = session;
        if (end != null && current != null && current.channel() == in) {
            end.ownDeliveries().delivered(sessionKey(current));
        }
    }

    private long sessionKey(final Attachment attachment) {
        return DeliveryRecord.sessionKey(left, attachment.ownGeneration(), attachment.peerGeneration());
    }

    private FrameChannel readChannel() throws IOException {
        attach(Long.MAX_VALUE);
        while (true) {
            synchronized (state) {
                if (!draining.isEmpty()) {
                    return draining.peek();
                }
            }
            final FrameChannel in = channel;
            if (in != null) {
                return in;
            }
            if (!renewWithin(Long.MAX_VALUE)) {
                throw new EOFException(peerGone);
            }
        }
    }

    /** Whether there is more to read after the end of this channel's stream: a later session's. */
    private boolean nextAfterEndOf(final FrameChannel in) throws IOException {
        synchronized (state) {
            if (draining.peek() == in) {
                draining.poll().close();
                return true;
            }
            if (channel != in) {
                return true;
            }
        }
        return renewWithin(Long.MAX_VALUE);
    }

    /**
     * Sends on the session in force; when the write finds the other end's holder gone and another process has taken
     * the other end since, sends the same message to that process instead.
     */
    private void deliver(final ByteBuffer message, final long start) throws IOException {
        final FrameSender out = sender();
        try {
            out.send(message, start);
        } catch (final InterruptedIOException e) {
            throw e;
        } catch (final IOException e) {
            if (!out.isFailed() || !renewSender(out)) {
                throw e;
            }
            sender().send(message, start);
        }
    }

    /**
     * Starts attaching to a new holder of the other end, if another process has taken it since the session in force
     * began, and waits up to the timeout for it.
     *
     * @return whether this end now has a channel to a newer holder
     */
    private boolean renewWithin(final long timeoutNanos) throws IOException {
        final CompletableFuture<Attachment> next = startRenewal();
        if (next == null) {
            return false;
        }
        final Attachment attachment;
        try {
            attachment = timeoutNanos == Long.MAX_VALUE ? next.get()
                : next.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (final TimeoutException e) {
            return false;
        } catch (final InterruptedException e) {
            throw new InterruptedIOException("interrupted while the " + name + " attached to the new holder of the"
                + " other end");
        } catch (final ExecutionException e) {
            throw new IOException("cannot attach the " + name + " again: " + e.getCause().getMessage(), e.getCause());
        }
        adopt(attachment);
        ensureOpen();
        return channel != null;
    }

    /** Holds what is sent from now on for the new holder of the other end, if another process has taken it. */
    private boolean renewSender(final FrameSender failed) throws IOException {
        final Attachment ended;
        synchronized (state) {
            ended = session;
        }
        if (startRenewal() == null) {
            return false;
        }
        failed.detachFrom(sessionKey(ended));
        return true;
    }

    /** The renewal under way, or one started now; null when nobody has taken the other end since. */
    private CompletableFuture<Attachment> startRenewal() throws IOException {
        ensureOpen();
        final Attachment ended;
        synchronized (state) {
            ended = session;
        }
        if (end == null || ended == null) {
            return null;
        }
        final CompletableFuture<Attachment> next = end.renew(ended);
        if (next != null) {
            next.whenComplete((attachment, failure) -> {
                if (attachment != null) {
                    adopt(attachment);
                }
            });
        }
        return next;
    }

    /**
     * Joins the new holder of the other end, if another process has taken it since the session in force began (the
     * {@link HolderWatch} asks every so often).
     *
     * @return whether this end is still open, and so still watched
     */
    private boolean followHolder() {
        final Attachment current;
        synchronized (state) {
            if (closed) {
                return false;
            }
            current = session;
        }
        if (current != null && end.otherTakenSince(current)) {
            try {
                startRenewal();
            } catch (final IOException e) {
                // Closed meanwhile.
                return false;
            }
        }
        return true;
    }

    /** Moves to a new session: called with the state lock held. */
    private void switchTo(final Attachment attachment) {
        final FrameChannel ended = channel;
        if (ended != null) {
            if (readable) {
                draining.add(ended);
            } else {
                ended.close();
            }
        }
        session = attachment;
        final FrameChannel attached = attachment.channel();
        if (attached != null) {
            channel = attached;
            peerGone = null;
            if (sender != null) {
                sender.detach();
                sender.connect(attached.socket(), sessionKey(attachment));
            }
        } else {
            channel = null;
            peerGone = attachment.peerGone();
            if (sender != null) {
                sender.fail(new IOException("cannot send on the " + name + ": " + peerGone));
            }
        }
    }

    /**
     * The sender; for a pipe end that has not attached yet, one that holds messages until it has (as a socket buffer
     * would), so that sending does not wait for the other end to turn up.
     */
    private FrameSender sender() throws IOException {
        ensureOpen();
        FrameSender out = sender;
        if (out != null && !out.isFailed()) {
            return out;
        }
        if (out != null) {
            // Sending failed: the other end's holder is gone. If another process has taken the other end since,
            // the sender holds what comes for it; otherwise it goes on failing, naming the end that is gone.
            renewSender(out);
            return out;
        }
        final boolean renewing = peerGone != null && startRenewal() != null;
        startAttaching();
        synchronized (state) {
            if (sender == null && (peerGone == null || renewing)) {
                sender = FrameSender.retaining("the other end of the " + name, end.peerDeliveries());
                OpenAtExit.add(atExit);
            }
            out = sender;
        }
        if (out == null) {
            throw new IOException("cannot send on the " + name + ": " + peerGone);
        }
        return out;
    }

    private void requireReadable() {
        if (!readable) {
            throw new IllegalStateException("the " + name + " is write-only (the writing end of a one-way pipe)");
        }
    }

    private void requireWritable() {
        if (!writable) {
            throw new IllegalStateException("the " + name + " is read-only (the reading end of a one-way pipe)");
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("the " + name + " is closed");
        }
    }

    private void closeAtExit() {
        // Bounded: a reader that never attaches must not keep this process from exiting.
        close(EXIT_FLUSH_NANOS);
    }

    private static long saturatedNanos(final Duration timeout) {
        if (timeout.isNegative()) {
            return 0;
        }
        return timeout.compareTo(Duration.ofDays(365)) > 0 ? Long.MAX_VALUE : timeout.toNanos();
    }

    private Object writeReplace() throws ObjectStreamException {
        if (end == null) {
            throw new NotSerializableException("the connection to " + name + " is a socket of process "
                + ProcessHandle.current().pid() + " (from Listener.accept or Client.connect) and cannot cross into"
                + " another process; send the Address and connect from there, or use a Pipe");
        }
        return new PipeEndHandle(socketPath, left, readable, writable);
    }
}
