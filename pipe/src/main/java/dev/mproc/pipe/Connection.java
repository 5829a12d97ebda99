package dev.mproc.pipe;

import dev.mproc.Address;
import dev.mproc.BufferTooShortException;
import dev.mproc.internal.Codec;
import dev.mproc.internal.wire.FrameBuffer;
import dev.mproc.internal.wire.FrameChannel;
import dev.mproc.pipe.internal.Link;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
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
    private static final int ENCODE_CAPACITY = 4 * 1024;
    /** Storage a large message grew the encode buffer past this is given back after it is sent. */
    private static final int ENCODE_KEPT_CAPACITY = 1024 * 1024;

    /** Sessions, attaching and the sender: what this end is joined to in this process. */
    private final transient Link link;
    /** The pipe's rendezvous path for a pipe end, which is what crosses; null for a listener's or client's socket. */
    private final transient Path socketPath;
    private final transient boolean left;
    private final transient boolean readable;
    private final transient boolean writable;

    private final transient ReentrantLock encodeLock = new ReentrantLock();
    private final transient FrameBuffer encoded = new FrameBuffer(ENCODE_CAPACITY, ENCODE_KEPT_CAPACITY);

    private Connection(final Link link, final Path socketPath, final boolean left, final boolean readable,
                       final boolean writable) {
        this.link = link;
        this.socketPath = socketPath;
        this.left = left;
        this.readable = readable;
        this.writable = writable;
    }

    /** A pipe end that attaches on its first I/O in whatever process it is then in. */
    static Connection pipeEnd(final Path socketPath, final boolean left, final boolean readable,
                              final boolean writable, final boolean creatorCopy) {
        return new Connection(Link.toPipeEnd(socketPath, left, readable, creatorCopy), socketPath, left, readable,
            writable);
    }

    /** A connection over an authenticated channel (from a listener or a client). */
    static Connection connected(final FrameChannel channel) {
        return new Connection(Link.over(channel), null, false, true, true);
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
            link.send(encoded.contents(), start);
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
        link.send(bytes, start);
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
        return link.poll(saturatedNanos(timeout));
    }

    // ------------------------------------------------------------------------------------------------ state

    /**
     * Closes this end in this process: what is pending is written first, then the socket is closed and the other
     * end sees the end of the stream once it has received every message. Closing a pipe end that never did I/O in
     * this process is local: the end stays usable in the process it was handed to. Idempotent.
     */
    @Override
    public void close() {
        link.close();
    }

    /** @return whether this end was closed in this process (by {@link #close()} or a garbled stream) */
    public boolean isClosed() {
        return link.isClosed();
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
        return "Connection[" + link + "]";
    }

    // ------------------------------------------------------------------------------------------------ internals

    /** @return what this end is joined to in this process (for waiting on many connections) */
    Link link() {
        return link;
    }

    /** The rendezvous socket path of a pipe end, null for other connections. */
    Path rendezvousPath() {
        return socketPath;
    }

    private <T> T receiving(final Link.Receive<T> receive) throws IOException {
        requireReadable();
        return link.receive(receive);
    }

    private void requireReadable() {
        if (!readable) {
            throw new IllegalStateException("the " + link.name()
                + " is write-only (the writing end of a one-way pipe)");
        }
    }

    private void requireWritable() {
        if (!writable) {
            throw new IllegalStateException("the " + link.name()
                + " is read-only (the reading end of a one-way pipe)");
        }
    }

    private static long saturatedNanos(final Duration timeout) {
        if (timeout.isNegative()) {
            return 0;
        }
        return timeout.compareTo(Duration.ofDays(365)) > 0 ? Long.MAX_VALUE : timeout.toNanos();
    }

    private Object writeReplace() throws ObjectStreamException {
        if (socketPath == null) {
            throw new NotSerializableException("the connection to " + link.name() + " is a socket of process "
                + ProcessHandle.current().pid() + " (from Listener.accept or Client.connect) and cannot cross into"
                + " another process; send the Address and connect from there, or use a Pipe");
        }
        return new PipeEndHandle(socketPath, left, readable, writable);
    }
}
