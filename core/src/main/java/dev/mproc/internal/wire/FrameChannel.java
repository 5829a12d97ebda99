package dev.mproc.internal.wire;

import dev.mproc.AuthenticationException;
import dev.mproc.BufferTooShortException;
import dev.mproc.MessageTooLongException;
import dev.mproc.internal.Codec;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.StreamCorruptedException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Whole messages over a connected socket (Unix domain or TCP), framed as {@link FrameFormat} says.
 *
 * <p>The socket is non-blocking underneath; blocking calls wait in a selector, so that they honour interruption
 * without closing the socket and {@link #poll(long)} costs no thread. Small messages are read many at a time through
 * a read-ahead buffer, and written with their header in one system call. A message's storage grows as its bytes
 * arrive ({@link IncomingMessage}), so a header alone never allocates what it declares. After a sealing handshake
 * ({@link #protect}), every frame is sealed and opened by {@link FrameProtection}: one that fails to open closes the
 * channel before any byte of it is handed on.
 *
 * <p><b>Thread safety:</b> one thread may send while another receives; concurrent senders (or receivers) are
 * serialized by a lock, so messages never interleave. Interruption is honoured while waiting for a message to begin;
 * once a message is under way it is completed first, so the framing is never lost, and the interrupt status is kept.
 */
public final class FrameChannel implements Closeable {

    private static final int READ_AHEAD = 64 * 1024;
    private static final int COALESCE_LIMIT = 32 * 1024;

    private final SocketChannel channel;
    private final String peer;
    private final int maxFrameLength;

    private final ReentrantLock readLock = new ReentrantLock();
    /** Unread bytes are between position and limit; guarded by readLock. */
    private final ByteBuffer readAhead = ByteBuffer.allocate(READ_AHEAD).flip();
    private Selector readSelector;
    private boolean endOfStream;

    private final ReentrantLock writeLock = new ReentrantLock();
    /** Header and small payload staged for one write; guarded by writeLock. */
    private final ByteBuffer writeStage = ByteBuffer.allocateDirect(FrameFormat.MAX_HEADER_LENGTH + COALESCE_LIMIT);
    private Selector writeSelector;
    /** Why sending is no longer possible, once a write failed; guarded by writeLock. */
    private String outputFailure;

    private volatile boolean closed;
    /** Set once by the handshake, before the channel is handed to any other thread; null for plain frames. */
    private FrameProtection protection;

    private FrameChannel(final SocketChannel channel, final String peer, final int maxFrameLength) {
        this.channel = channel;
        this.peer = peer;
        this.maxFrameLength = maxFrameLength;
    }

    /**
     * Wraps a connected socket; the channel is switched to non-blocking mode and owned by the result.
     *
     * @param channel a connected socket
     * @param peer    how to name the other end in error messages (an address, a pid)
     * @return the framed channel
     * @throws IOException when the socket cannot be configured
     */
    public static FrameChannel of(final SocketChannel channel, final String peer) throws IOException {
        channel.configureBlocking(false);
        return new FrameChannel(channel, peer, FrameFormat.maxFrameLength());
    }

    /**
     * Seals every frame from now on; called once by the handshake that derived the keys.
     *
     * @param protection this end's keys and counters
     */
    void protect(final FrameProtection protection) {
        this.protection = protection;
    }

    /** @return whether frames are sealed ({@link dev.mproc.WireMode#PROTECTED} over TCP) */
    public boolean isProtected() {
        return protection != null;
    }

    /** @return how the other end is named in error messages */
    public String peer() {
        return peer;
    }

    /** @return the largest frame this channel accepts */
    public int maxFrameLength() {
        return maxFrameLength;
    }

    // ---------------------------------------------------------------------------------------------- sending

    /**
     * Sends one message.
     *
     * @param payload the bytes
     * @param offset  where the message starts
     * @param length  its length
     * @throws IOException when the peer is gone (the message names it) or this end is closed
     */
    public void send(final byte[] payload, final int offset, final int length) throws IOException {
        send(ByteBuffer.wrap(payload, offset, length));
    }

    /**
     * Sends the remaining bytes of a buffer as one message; the buffer's position is not moved.
     *
     * @param payload the bytes
     * @throws IOException when the peer is gone or this end is closed
     */
    public void send(final ByteBuffer payload) throws IOException {
        final ByteBuffer body = payload.duplicate();
        if (protection != null) {
            sendSealed(body);
            return;
        }
        final int length = body.remaining();
        writeLock.lock();
        try {
            ensureWritable();
            writeStage.clear();
            putHeader(writeStage, length);
            if (length <= COALESCE_LIMIT) {
                writeStage.put(body).flip();
                writeFully(writeStage);
            } else {
                writeStage.flip();
                writeFully(writeStage, body);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Sends the payload of a frame buffer as one message, writing the header into the room kept for it.
     *
     * @param frame the encoded message
     * @throws IOException when the peer is gone or this end is closed
     */
    public void send(final FrameBuffer frame) throws IOException {
        if (protection != null) {
            sendSealed(frame.contents());
            return;
        }
        final int length = frame.payloadLength();
        final int headerLength = FrameFormat.HEADER_LENGTH;
        final int start = FrameFormat.MAX_HEADER_LENGTH - headerLength;
        final ByteBuffer whole = ByteBuffer.wrap(frame.array(), start, headerLength + length);
        putHeader(whole.duplicate(), length);
        writeLock.lock();
        try {
            ensureWritable();
            if (length <= COALESCE_LIMIT) {
                writeStage.clear();
                writeStage.put(whole).flip();
                writeFully(writeStage);
            } else {
                writeFully(whole);
            }
        } finally {
            writeLock.unlock();
        }
    }

    private void sendSealed(final ByteBuffer body) throws IOException {
        writeLock.lock();
        try {
            ensureWritable();
            final ByteBuffer sealed;
            try {
                sealed = protection.seal(body);
            } catch (final GeneralSecurityException e) {
                throw new IOException("cannot seal a frame for " + peer + ": " + e.getMessage(), e);
            }
            writeFully(sealed);
        } finally {
            writeLock.unlock();
        }
    }

    private static void putHeader(final ByteBuffer target, final int length) {
        target.putInt(length);
    }

    private void writeFully(final ByteBuffer... buffers) throws IOException {
        final ByteBuffer last = buffers[buffers.length - 1];
        boolean interrupted = false;
        try {
            while (last.hasRemaining()) {
                final long written = channel.write(buffers);
                if (written == 0) {
                    interrupted |= awaitWritable();
                }
            }
        } catch (final ClosedChannelException e) {
            throw closedLocally(e);
        } catch (final IOException e) {
            // Only the output is broken (a frame may be half written): what the peer sent before it went stays
            // readable, so the receiving side still gets every whole message and then the end of the stream.
            outputFailure = "the other end is closed (" + e.getMessage() + ")";
            throw new IOException("cannot send to " + peer + ": " + outputFailure, e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits until the socket takes more bytes; returns whether an interrupt was swallowed to finish the frame. */
    private boolean awaitWritable() throws IOException {
        if (writeSelector == null) {
            writeSelector = Selector.open();
            channel.register(writeSelector, SelectionKey.OP_WRITE);
        }
        try {
            writeSelector.select(1000);
            writeSelector.selectedKeys().clear();
        } catch (final ClosedSelectorException e) {
            throw closedLocally(new ClosedChannelException());
        }
        ensureOpen();
        return Thread.interrupted();
    }

    // -------------------------------------------------------------------------------------------- receiving

    /**
     * Receives one whole message, of at most the channel's maximum frame length.
     *
     * @return the message bytes
     * @throws EOFException when the peer closed the connection (after every message it sent was received)
     * @throws IOException  when the stream is garbled (the channel is closed) or reading fails
     */
    public byte[] receive() throws IOException {
        return receive(maxFrameLength);
    }

    /**
     * Receives one whole message of at most {@code maxLength} bytes.
     *
     * @param maxLength the longest message to take
     * @return the message bytes
     * @throws MessageTooLongException when the message is longer: it is discarded and the framing kept
     * @throws EOFException            when the peer closed the connection
     * @throws IOException             when the stream is garbled (the channel is closed) or reading fails
     */
    public byte[] receive(final int maxLength) throws IOException {
        readLock.lock();
        try {
            final int length = readHeader(Long.MAX_VALUE);
            if (protection != null) {
                // Read and opened even when too long: every frame is authenticated, and counted.
                final byte[] opened = readAndOpen(length);
                final int payloadLength = length - FrameFormat.TAG_LENGTH;
                if (payloadLength > maxLength) {
                    throw new MessageTooLongException(payloadLength, maxLength);
                }
                return Arrays.copyOf(opened, payloadLength);
            }
            if (length > maxLength) {
                skip(length);
                throw new MessageTooLongException(length, maxLength);
            }
            return readMessage(length);
        } finally {
            readLock.unlock();
        }
    }

    /**
     * Receives one message of at most {@code maxLength} bytes, waiting until the deadline at most; used where a
     * silent peer must not hold a thread (the authkey challenge).
     *
     * @param maxLength     the longest message to take
     * @param timeoutMillis how long to wait for the whole message
     * @return the message bytes
     * @throws SocketTimeoutException  when the message has not arrived in time
     * @throws MessageTooLongException when it is longer than {@code maxLength}; the connection should be dropped
     * @throws IOException             when the peer closed or the stream is garbled
     */
    public byte[] receive(final int maxLength, final long timeoutMillis) throws IOException {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        readLock.lock();
        try {
            if (protection != null) {
                throw new IllegalStateException("a timed receive is for the handshake, before frames are sealed");
            }
            final int length = readHeader(deadline);
            if (length > maxLength) {
                throw new MessageTooLongException(length, maxLength);
            }
            final IncomingMessage message = new IncomingMessage(length);
            while (!message.isComplete()) {
                final ByteBuffer target = message.room();
                final int before = target.position();
                fill(Math.min(target.remaining(), READ_AHEAD), deadline, true);
                transfer(readAhead, target);
                message.received(target.position() - before);
            }
            return message.bytes();
        } finally {
            readLock.unlock();
        }
    }

    /**
     * Receives one message and decodes it; a message that fits the read-ahead buffer is decoded in place.
     *
     * @param codec the codec
     * @return the decoded value
     * @throws IOException as {@link #receive()}, or when the bytes do not decode (the framing is kept)
     */
    public Object receive(final Codec codec) throws IOException {
        readLock.lock();
        try {
            final int length = readHeader(Long.MAX_VALUE);
            if (protection != null) {
                return codec.decode(readAndOpen(length), 0, length - FrameFormat.TAG_LENGTH);
            }
            if (length <= READ_AHEAD) {
                fill(length, Long.MAX_VALUE, false);
                final int start = readAhead.position();
                readAhead.position(start + length);
                return codec.decode(readAhead.array(), start, length);
            }
            final byte[] message = readMessage(length);
            return codec.decode(message, 0, length);
        } finally {
            readLock.unlock();
        }
    }

    /**
     * Receives one message into a buffer, from its position.
     *
     * @param target where the bytes go; its position advances by the message length
     * @return the message length
     * @throws BufferTooShortException when the message does not fit; it carries the whole message, nothing is lost
     * @throws IOException             as {@link #receive()}
     */
    public int receiveInto(final ByteBuffer target) throws IOException {
        readLock.lock();
        try {
            final int length = readHeader(Long.MAX_VALUE);
            if (protection != null) {
                final byte[] opened = readAndOpen(length);
                final int payloadLength = length - FrameFormat.TAG_LENGTH;
                if (payloadLength > target.remaining()) {
                    throw new BufferTooShortException(Arrays.copyOf(opened, payloadLength), target.remaining());
                }
                target.put(opened, 0, payloadLength);
                return payloadLength;
            }
            if (length > target.remaining()) {
                throw new BufferTooShortException(readMessage(length), target.remaining());
            }
            final ByteBuffer slice = target.slice().limit(length);
            readFully(slice);
            target.position(target.position() + length);
            return length;
        } finally {
            readLock.unlock();
        }
    }

    /**
     * Tells whether a message (or the end of the stream) is ready to be received, waiting up to the timeout.
     *
     * @param timeoutMillis how long to wait; 0 does not wait
     * @return true when {@code receive} would not block waiting for a message to begin
     * @throws InterruptedIOException when interrupted while waiting
     * @throws IOException            when this end is closed
     */
    public boolean poll(final long timeoutMillis) throws IOException {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        readLock.lock();
        try {
            ensureOpen();
            while (true) {
                if (readAhead.hasRemaining() || endOfStream || readMore() != 0) {
                    return true;
                }
                final long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                if (awaitReadable(remaining)) {
                    throw new InterruptedIOException("interrupted while polling " + peer);
                }
            }
        } finally {
            readLock.unlock();
        }
    }

    /** @return whether bytes are buffered here already, without a system call (for waiting on many channels) */
    public boolean hasBufferedInput() {
        return readAhead.hasRemaining() || endOfStream;
    }

    /** @return the underlying socket, for registering with a selector that waits on many channels */
    public SocketChannel socket() {
        return channel;
    }

    private int readHeader(final long deadline) throws IOException {
        ensureOpen();
        fill(FrameFormat.HEADER_LENGTH, deadline, true);
        final int length = readAhead.getInt();
        if (length >= 0) {
            return checkLength(length);
        }
        if (length != FrameFormat.LONG_LENGTH_MARKER) {
            throw garbled("negative frame length " + length);
        }
        fill(8, deadline, false);
        final long longLength = readAhead.getLong();
        if (longLength < 0 || longLength > maxFrameLength) {
            throw garbled("frame length " + Long.toUnsignedString(longLength) + " exceeds the maximum of "
                + maxFrameLength + " bytes");
        }
        return checkLength((int) longLength);
    }

    private int checkLength(final int length) throws IOException {
        if (length > maxFrameLength) {
            throw garbled("frame length " + length + " exceeds the maximum of " + maxFrameLength + " bytes");
        }
        if (protection != null && length < FrameFormat.TAG_LENGTH) {
            throw garbled("sealed frame of " + length + " bytes, shorter than its tag");
        }
        return length;
    }

    /** Reads a whole message into storage that grows as its bytes arrive. */
    private byte[] readMessage(final int length) throws IOException {
        final IncomingMessage message = new IncomingMessage(length);
        while (!message.isComplete()) {
            final ByteBuffer room = message.room();
            final int count = room.remaining();
            readFully(room);
            message.received(count);
        }
        return message.bytes();
    }

    /** Reads a sealed frame and opens it in place; a frame that fails to open closes the channel. */
    private byte[] readAndOpen(final int length) throws IOException {
        final byte[] frame = readMessage(length);
        try {
            protection.open(frame, length);
            return frame;
        } catch (final GeneralSecurityException e) {
            closeQuietly();
            final AuthenticationException failure = new AuthenticationException(peer + " sent a frame that fails"
                + " authentication (injected, altered, replayed or reordered on the way, or not sealed with this"
                + " connection's keys); connection closed");
            failure.initCause(e);
            throw failure;
        }
    }

    private IOException garbled(final String what) {
        closeQuietly();
        return new StreamCorruptedException("garbled stream from " + peer + ": " + what
            + " (see " + FrameFormat.MAX_FRAME_PROPERTY + "); connection closed");
    }

    /** Ensures at least {@code count} unread bytes (at most the read-ahead capacity) are buffered. */
    private void fill(final int count, final long deadline, final boolean atBoundary) throws IOException {
        boolean interrupted = false;
        try {
            while (readAhead.remaining() < count) {
                final int n = readMore();
                if (n < 0) {
                    throw endOfStream(atBoundary && !readAhead.hasRemaining());
                }
                if (n == 0) {
                    final long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        throw new SocketTimeoutException("timed out waiting for " + peer);
                    }
                    if (awaitReadable(remaining)) {
                        if (atBoundary && !readAhead.hasRemaining()) {
                            throw new InterruptedIOException("interrupted while waiting for a message from " + peer);
                        }
                        interrupted = true;
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void readFully(final ByteBuffer target) throws IOException {
        transfer(readAhead, target);
        boolean interrupted = false;
        try {
            while (target.hasRemaining()) {
                if (target.remaining() < READ_AHEAD / 2) {
                    fill(target.remaining(), Long.MAX_VALUE, false);
                    transfer(readAhead, target);
                    continue;
                }
                final int n = channel.read(target);
                if (n < 0) {
                    throw endOfStream(false);
                }
                if (n == 0 && awaitReadable(Long.MAX_VALUE)) {
                    interrupted = true;
                }
            }
        } catch (final ClosedChannelException e) {
            throw closedLocally(e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void skip(final int length) throws IOException {
        int left = length;
        while (left > 0) {
            fill(Math.min(left, READ_AHEAD), Long.MAX_VALUE, false);
            final int n = Math.min(left, readAhead.remaining());
            readAhead.position(readAhead.position() + n);
            left -= n;
        }
    }

    /** Reads what the socket has into the read-ahead buffer; returns the count, 0 for none yet, -1 at the end. */
    private int readMore() throws IOException {
        if (endOfStream) {
            return -1;
        }
        readAhead.compact();
        try {
            final int n = channel.read(readAhead);
            if (n < 0) {
                endOfStream = true;
            }
            return n;
        } catch (final ClosedChannelException e) {
            throw closedLocally(e);
        } catch (final IOException e) {
            // A reset from a peer that died is the end of its stream, like a clean close.
            endOfStream = true;
            return -1;
        } finally {
            readAhead.flip();
        }
    }

    /** Waits for the socket to become readable; returns whether the wait ended by an interrupt (flag cleared). */
    private boolean awaitReadable(final long timeoutNanos) throws IOException {
        if (readSelector == null) {
            readSelector = Selector.open();
            channel.register(readSelector, SelectionKey.OP_READ);
        }
        final long millis = timeoutNanos == Long.MAX_VALUE
            ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
        try {
            readSelector.select(millis);
            readSelector.selectedKeys().clear();
        } catch (final ClosedSelectorException e) {
            throw closedLocally(new ClosedChannelException());
        }
        ensureOpen();
        return Thread.interrupted();
    }

    private static void transfer(final ByteBuffer source, final ByteBuffer target) {
        final int n = Math.min(source.remaining(), target.remaining());
        target.put(source.array(), source.arrayOffset() + source.position(), n);
        source.position(source.position() + n);
    }

    private EOFException endOfStream(final boolean atBoundary) {
        return new EOFException(atBoundary
            ? peer + " closed the connection"
            : peer + " closed the connection in the middle of a message");
    }

    // ------------------------------------------------------------------------------------------------ state

    /** @return whether this end has been closed */
    public boolean isClosed() {
        return closed;
    }

    private void ensureWritable() throws IOException {
        ensureOpen();
        if (outputFailure != null) {
            throw new IOException("cannot send to " + peer + ": " + outputFailure);
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("connection to " + peer + " is closed");
        }
    }

    private IOException closedLocally(final ClosedChannelException e) {
        final IOException failure = new IOException("connection to " + peer + " is closed");
        failure.initCause(e);
        return failure;
    }

    /** Closes the socket; threads blocked in send or receive fail with an {@link IOException}. */
    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } catch (final IOException ignored) {
            // Nothing to recover: the socket is gone either way.
        }
        wakeAndClose(readSelector);
        wakeAndClose(writeSelector);
    }

    private static void wakeAndClose(final Selector selector) {
        if (selector != null) {
            selector.wakeup();
            try {
                selector.close();
            } catch (final IOException ignored) {
                // Closing a selector only releases its epoll descriptor.
            }
        }
    }

    @Override
    public String toString() {
        return "FrameChannel[" + peer + (closed ? ", closed]" : "]");
    }
}
