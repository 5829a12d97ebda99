package dev.mproc.pipe.internal;

import dev.mproc.internal.wire.FrameChannel;
import dev.mproc.internal.wire.FrameFormat;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sending side of a connection: frames messages as {@link FrameFormat} says and writes them so that a lone
 * message costs one system call and a burst of messages shares few.
 *
 * <p>A message sent when the connection is idle is written in place, before {@code send} returns. A message sent
 * while an earlier batch is still being written, or hard on the heels of the previous message (a sender in a loop
 * outrunning the socket), is appended to a pending batch that a flusher thread writes with one system call per
 * batch; the flusher is woken at once, so nothing waits for a timer. Messages larger than
 * {@value #BATCHED_MESSAGE_LIMIT} bytes are never copied into a batch: they wait for the pending batch to go out and
 * are then written in place, in order.
 *
 * <p>A sender for a pipe end {@linkplain #retaining retains} what it sends until the other end's holder has received
 * it ({@link SentLog}, {@link DeliveryRecord}): when that holder ends and another process takes the other end, the
 * next {@link #connect} writes what the first never received to the second, first and in order.
 *
 * <p><b>Thread safety:</b> safe for several sending threads; their messages never interleave. The flusher is the
 * only other thread that writes, and never at the same time as an in-place write.
 */
final class FrameSender implements Closeable {

    /** Bytes of a pending batch. */
    static final int BATCH_CAPACITY = 256 * 1024;

    /** Framed messages up to this size are batched in a burst; longer ones are written in place. */
    static final int BATCHED_MESSAGE_LIMIT = 64 * 1024;

    /**
     * A send that starts less than this after the previous one returned is part of a burst (a sender in a loop);
     * a request-reply exchange has gaps of a round trip at least, so its messages are written in place.
     */
    static final long BURST_GAP_NANOS = Long.getLong("mproc.pipe.burstGapNanos", 5_000L);

    /** What a pipe end's log may hold before it looks what the other end has received. */
    static final int LOG_TRIM_BYTES = 64 * 1024;

    private static final long FLUSHER_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    /** The channel that seals and writes every message, for a protected connection; null for plain frames. */
    private final FrameChannel sealing;
    /** Null until the connection is attached; guarded by lock, read by whoever writes. */
    private SocketChannel socket;
    private final String peer;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when the batch was taken, the flusher went idle, or the sender failed or closed. */
    private final Condition changed = lock.newCondition();

    /** Messages waiting for the flusher, between 0 and position; guarded by lock; allocated on first use. */
    private ByteBuffer pending = ByteBuffer.allocate(0);
    /** The batch being written by the flusher, or the staging buffer of an in-place write; owned by the writer. */
    private ByteBuffer writing = ByteBuffer.allocate(0);
    /** Whether the flusher has a batch to write or is writing one; guarded by lock. */
    private boolean flushing;
    private boolean flusherRunning;
    private boolean closed;
    private IOException failure;
    private long lastSendEnd = System.nanoTime() - TimeUnit.SECONDS.toNanos(1);
    /** Waits for the socket to take bytes; used by whoever writes, never by two at once. */
    private Selector writeSelector;
    /** What the other end has not received, for a pipe end; null for other connections. Guarded by lock. */
    private final SentLog log;
    /** The other end's count of what it received, for a pipe end; null for other connections. */
    private final DeliveryRecord peerDeliveries;
    /** The session the socket belongs to (0 before the first); guarded by lock. */
    private long sessionKey;
    /** Bytes logged since the log last dropped what the other end received; guarded by lock. */
    private long loggedSinceTrim;
    /** What a new session must receive before anything sent since; the flusher writes it. Guarded by lock. */
    private ByteBuffer replay;

    /**
     * A sender whose socket comes later ({@link #connect}); until then messages are held as a socket buffer would hold
     * them: up to {@value #BATCH_CAPACITY} bytes, after which senders wait.
     *
     * @param peer how to name the other end in error messages
     */
    public FrameSender(final String peer) {
        this(null, peer, null, null);
    }

    /**
     * @param socket a connected non-blocking socket; reading it is someone else's business
     * @param peer   how to name the other end in error messages
     */
    public FrameSender(final SocketChannel socket, final String peer) {
        this(socket, peer, null, null);
    }

    private FrameSender(final SocketChannel socket, final String peer, final FrameChannel sealing,
                        final DeliveryRecord peerDeliveries) {
        this.socket = socket;
        this.peer = peer;
        this.sealing = sealing;
        this.peerDeliveries = peerDeliveries;
        this.log = peerDeliveries == null ? null : new SentLog();
    }

    /**
     * A sender for a pipe end, whose socket comes later ({@link #connect(SocketChannel, long)}), and which keeps what
     * it sends until the other end's holder has received it, for the next holder should that one end first.
     *
     * @param peer           how to name the other end in error messages
     * @param peerDeliveries the other end's count of the messages it has received
     * @return the sender
     */
    public static FrameSender retaining(final String peer, final DeliveryRecord peerDeliveries) {
        return new FrameSender(null, peer, null, peerDeliveries);
    }

    /**
     * A sender for a channel whose frames are sealed (TCP in {@link dev.mproc.WireMode#PROTECTED}): each message is
     * sealed and written by the channel itself, in place, since a sealed frame's number must follow the send order.
     *
     * @param channel the protected channel
     * @return the sender
     */
    public static FrameSender sealing(final FrameChannel channel) {
        return new FrameSender(channel.socket(), channel.peer(), channel, null);
    }

    /**
     * Gives the sender its socket; what was held goes out now.
     *
     * @param connected a connected non-blocking socket
     */
    public void connect(final SocketChannel connected) {
        connect(connected, 0);
    }

    /**
     * Gives the sender the socket of a session; what the other end's last holder did not receive, then what was held
     * since, goes out now, in order.
     *
     * @param connected a connected non-blocking socket
     * @param session   the session's key ({@link DeliveryRecord#sessionKey})
     */
    public void connect(final SocketChannel connected, final long session) {
        lock.lock();
        try {
            socket = connected;
            if (log != null) {
                log.dropDelivered(peerDeliveries.deliveredIn(sessionKey));
                sessionKey = session;
                // Everything held is in the log, after what the ended session did not receive.
                pending.clear();
                final ByteBuffer kept = log.startSession();
                if (kept.hasRemaining()) {
                    replay = kept;
                    startFlushing();
                }
            } else if (pending.position() > 0) {
                startFlushing();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Forgets the socket of a connection that has ended, so that later messages are held for the next connection
     * ({@link #connect}), as before the first. Waits for a batch being written to the ended connection to fail; a
     * batch lost that way is lost with the connection, as bytes in a closed socket's buffer are.
     */
    public void detach() {
        lock.lock();
        try {
            detachLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * As {@link #detach()}, unless the sender has moved to another session since (a renewal that finished first).
     *
     * @param session the key of the session that ended
     */
    public void detachFrom(final long session) {
        lock.lock();
        try {
            if (sessionKey == session) {
                detachLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    private void detachLocked() {
        while (flushing && socket != null && failure == null) {
            changed.awaitUninterruptibly();
        }
        socket = null;
        failure = null;
        closeSelector();
        changed.signalAll();
    }

    /** @return whether sending failed for good: the other end is gone ({@link #fail}, or a write to it failed) */
    public boolean isFailed() {
        lock.lock();
        try {
            return failure != null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Fails the sender: every later send throws this failure; what is held is dropped, except what a pipe end keeps
     * for the next holder of the other end.
     *
     * @param cause why nothing can be sent (the other end is gone)
     */
    public void fail(final IOException cause) {
        lock.lock();
        try {
            if (failure == null) {
                failure = cause;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends the remaining bytes of a buffer as one message; the buffer's position is not moved, and it may be reused
     * as soon as this returns.
     *
     * @param payload        the message
     * @param callStartNanos when the caller's send began ({@link System#nanoTime()}), before any encoding, so that
     *                       a burst is recognised by the caller's pace rather than by the encoding time
     * @throws InterruptedIOException when interrupted while waiting for room; the message was not sent
     * @throws IOException            when the peer is gone or this sender is closed (the message names the peer)
     */
    public void send(final ByteBuffer payload, final long callStartNanos) throws IOException {
        if (sealing != null) {
            lock.lock();
            try {
                ensureUsable();
            } finally {
                lock.unlock();
            }
            sealing.send(payload);
            return;
        }
        final ByteBuffer body = payload.duplicate();
        final int length = body.remaining();
        final int framed = FrameFormat.HEADER_LENGTH + length;
        lock.lock();
        try {
            ensureUsable();
            final boolean burst = callStartNanos - lastSendEnd < BURST_GAP_NANOS;
            if (framed <= BATCHED_MESSAGE_LIMIT && (flushing || burst || socket == null)) {
                if (pending.capacity() == 0) {
                    pending = ByteBuffer.allocateDirect(BATCH_CAPACITY);
                }
                while (pending.remaining() < framed) {
                    startFlushing();
                    awaitChange();
                    ensureUsable();
                }
                logged(length, body);
                pending.putInt(length).put(body);
                startFlushing();
            } else {
                while (flushing || socket == null) {
                    awaitChange();
                    ensureUsable();
                }
                logged(length, body);
                try {
                    writeInPlace(length, body);
                } catch (final IOException e) {
                    if (log == null || e instanceof InterruptedIOException) {
                        throw e;
                    }
                    // Logged: it goes to the next holder of the other end, if one takes it; later sends fail.
                }
            }
            lastSendEnd = System.nanoTime();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes what is pending and stops; later sends fail. Waits for the pending batch to be written (or to fail, or
     * the thread to be interrupted).
     */
    @Override
    public void close() {
        close(Long.MAX_VALUE);
    }

    /**
     * Writes what is pending, waiting at most the timeout (or until interrupted), and stops; later sends fail.
     *
     * @param timeoutNanos how long to wait for the pending batch to go out
     */
    public void close(final long timeoutNanos) {
        boolean interrupted = false;
        final long deadline = System.nanoTime() + timeoutNanos;
        lock.lock();
        try {
            closed = true;
            while (flushing && failure == null) {
                try {
                    if (timeoutNanos == Long.MAX_VALUE) {
                        changed.await();
                    } else if (changed.awaitNanos(deadline - System.nanoTime()) <= 0) {
                        break;
                    }
                } catch (final InterruptedException e) {
                    interrupted = true;
                    break;
                }
            }
            changed.signalAll();
            if (!flushing) {
                closeSelector();
            }
        } finally {
            lock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Keeps a message for the other end until it has received it; drops what it has received meanwhile once
     * {@value #LOG_TRIM_BYTES} bytes were logged since the last look. Not at every message: the count is a cache line
     * the reader writes at each message, and reading it at each send made the two cores trade it back and forth (a
     * third of the throughput of small messages).
     */
    private void logged(final int length, final ByteBuffer body) {
        if (log != null) {
            if (loggedSinceTrim > LOG_TRIM_BYTES) {
                log.dropDelivered(peerDeliveries.deliveredIn(sessionKey));
                loggedSinceTrim = 0;
            }
            log.append(length, body);
            loggedSinceTrim += FrameFormat.HEADER_LENGTH + length;
        }
    }

    private void ensureUsable() throws IOException {
        if (failure != null) {
            throw new IOException(failure.getMessage(), failure);
        }
        if (closed) {
            throw new IOException("connection to " + peer + " is closed");
        }
    }

    private void awaitChange() throws InterruptedIOException {
        try {
            changed.await();
        } catch (final InterruptedException e) {
            throw new InterruptedIOException("interrupted while waiting to send to " + peer);
        }
    }

    private void startFlushing() {
        flushing = true;
        if (flusherRunning) {
            changed.signalAll();
            return;
        }
        flusherRunning = true;
        final Thread flusher = new Thread(this::flushLoop, "mproc-pipe-sender");
        flusher.setDaemon(true);
        flusher.start();
    }

    private void flushLoop() {
        lock.lock();
        try {
            while (true) {
                if (failure != null) {
                    pending.clear();
                    replay = null;
                    break;
                }
                if (replay != null && socket != null) {
                    final ByteBuffer kept = replay;
                    replay = null;
                    final IOException failed = writeUnlocked(kept);
                    if (failed != null) {
                        failure = failed;
                        pending.clear();
                    }
                    continue;
                }
                if (pending.position() == 0) {
                    flushing = false;
                    changed.signalAll();
                    if (closed || changed.awaitNanos(FLUSHER_IDLE_NANOS) <= 0 && pending.position() == 0) {
                        break;
                    }
                    continue;
                }
                if (socket == null) {
                    changed.await();
                    continue;
                }
                flushing = true;
                if (writing.capacity() < BATCH_CAPACITY) {
                    writing = ByteBuffer.allocateDirect(BATCH_CAPACITY);
                }
                final ByteBuffer batch = pending;
                pending = writing;
                writing = batch;
                changed.signalAll();
                IOException failed = null;
                lock.unlock();
                try {
                    batch.flip();
                    writeFully(batch);
                } catch (final IOException e) {
                    failed = e;
                } finally {
                    batch.clear();
                    lock.lock();
                }
                if (failed != null) {
                    failure = failed;
                    pending.clear();
                }
            }
        } catch (final InterruptedException e) {
            // Nobody interrupts the flusher; if someone does, it stops and the next send starts another.
        } finally {
            flusherRunning = false;
            if (pending.position() > 0 && failure == null) {
                startFlushing();
            } else {
                flushing = false;
                changed.signalAll();
                if (closed) {
                    closeSelector();
                }
            }
            lock.unlock();
        }
    }

    /** Writes with the lock released (the flusher's turn to write); returns the failure, if the write failed. */
    private IOException writeUnlocked(final ByteBuffer bytes) {
        lock.unlock();
        try {
            writeFully(bytes);
            return null;
        } catch (final IOException e) {
            return e;
        } finally {
            lock.lock();
        }
    }

    /** Writes one message now; called with the lock held and no batch in flight, so the staging buffer is free. */
    private void writeInPlace(final int length, final ByteBuffer body) throws IOException {
        if (writing.capacity() < framedStageCapacity(length)) {
            writing = ByteBuffer.allocateDirect(framedStageCapacity(length));
        }
        final ByteBuffer stage = writing;
        stage.clear();
        stage.putInt(length);
        try {
            if (body.isDirect() && length > BATCHED_MESSAGE_LIMIT) {
                stage.flip();
                writeFully(stage, body);
                return;
            }
            // A heap buffer is copied in chunks through the direct stage: the JDK would otherwise copy the whole
            // remainder into a temporary direct buffer on every partial write.
            do {
                final int n = Math.min(stage.remaining(), body.remaining());
                stage.put(body.slice().limit(n));
                body.position(body.position() + n);
                stage.flip();
                writeFully(stage);
                stage.clear();
            } while (body.hasRemaining());
        } catch (final IOException e) {
            if (!(e instanceof InterruptedIOException)) {
                failure = e;
            }
            throw e;
        } finally {
            stage.clear();
        }
    }

    /** A lone small message needs only a small stage; a large one, or a burst, gets the full batch size. */
    private static int framedStageCapacity(final int length) {
        return length + FrameFormat.HEADER_LENGTH <= 4096 ? 4096 : BATCH_CAPACITY;
    }

    private void writeFully(final ByteBuffer... buffers) throws IOException {
        final ByteBuffer last = buffers[buffers.length - 1];
        boolean interrupted = false;
        try {
            while (last.hasRemaining()) {
                final long written = buffers.length == 1 ? socket.write(buffers[0]) : socket.write(buffers);
                if (written == 0) {
                    interrupted |= awaitWritable();
                }
            }
        } catch (final ClosedChannelException e) {
            throw new IOException("connection to " + peer + " is closed", e);
        } catch (final IOException e) {
            throw new IOException("cannot send to " + peer + ": the other end is closed (" + e.getMessage() + ")", e);
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
            socket.register(writeSelector, SelectionKey.OP_WRITE);
        }
        writeSelector.select(1000);
        writeSelector.selectedKeys().clear();
        if (!socket.isOpen()) {
            throw new ClosedChannelException();
        }
        return Thread.interrupted();
    }

    private void closeSelector() {
        if (writeSelector != null) {
            try {
                writeSelector.close();
            } catch (final IOException ignored) {
                // Closing a selector only releases its epoll descriptor.
            }
            writeSelector = null;
        }
    }
}
