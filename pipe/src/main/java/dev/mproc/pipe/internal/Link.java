package dev.mproc.pipe.internal;

import dev.mproc.internal.wire.FrameChannel;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a connection is joined to in this process: the session in force with the other end, the sessions that ended
 * with messages still to read, and the sender. Messages go in and out through it whole; how they are encoded is the
 * connection's business.
 *
 * <p>A link over a channel from a listener or a client has one session, from the start. A pipe end's link attaches on
 * its first I/O ({@link PipeEnd}): it claims the end in the caller's thread, so that a copy used while another process
 * holds it fails at once, and adopts the attachment whenever it comes; meanwhile the sender holds what is sent. When
 * the other end's holder ends and another process takes the other end, the link attaches again (at its next I/O, or
 * when {@link HolderWatch} sees it while idle) and switches to the new session: the ended session's channel is read
 * to its end first, and the sender writes what the ended holder never received, then what it held meanwhile.
 *
 * <p><b>Thread safety:</b> one thread may send while another receives; concurrent senders (or receivers) are
 * serialized by the sender and the channel. The session, the channel and the sender change under this link's state
 * lock, written before the volatile fields are read unlocked. <b>Process safety:</b> per process; which process holds a
 * pipe end is {@link EndClaim}'s business.
 */
public final class Link {

    private static final long EXIT_FLUSH_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final String name;
    /** The rendezvous of a pipe end; null for a channel from a listener or a client. */
    private final PipeEnd end;
    private final boolean left;
    private final boolean readable;

    private final Object state = new Object();
    private volatile FrameChannel channel;
    private volatile FrameSender sender;
    private volatile String peerGone;
    /** The attachment in force (the session with the other end's current holder); written under state. */
    private volatile Attachment session;
    /**
     * Channels of sessions that ended while they still held messages (the other end changed hands while this end was
     * sending); they are read to their end before {@code channel}. Guarded by state.
     */
    private final ArrayDeque<FrameChannel> draining = new ArrayDeque<>();
    private volatile boolean closed;
    /** Whether the attachment of a pipe end is awaited (its first I/O happened); guarded by state. */
    private boolean adopting;
    private final Closeable atExit = this::closeAtExit;

    private Link(final String name, final PipeEnd end, final boolean left, final boolean readable) {
        this.name = name;
        this.end = end;
        this.left = left;
        this.readable = readable;
    }

    /**
     * The link of a pipe end, which attaches on its first I/O in whatever process it is then in.
     *
     * @param socketPath  the pipe's rendezvous path
     * @param left        whether this is the left end
     * @param readable    whether the end receives (the ended sessions of a write-only end are not read)
     * @param creatorCopy whether this is a copy made by the pipe's creator when it opened the pipe
     * @return the link, not attached yet
     */
    public static Link toPipeEnd(final Path socketPath, final boolean left, final boolean readable,
                                 final boolean creatorCopy) {
        final PipeEnd end = new PipeEnd(socketPath, left, creatorCopy);
        return new Link(end.name(), end, left, readable);
    }

    /**
     * The link over an authenticated channel from a listener or a client: one session, closed with it.
     *
     * @param channel the channel
     * @return the link, attached
     */
    public static Link over(final FrameChannel channel) {
        final Link link = new Link(channel.peer(), null, false, true);
        link.adopt(Attachment.connected(channel));
        return link;
    }

    /** @return the end's name ({@code left end of pipe-1234-k3j2}), or the peer's for a channel */
    public String name() {
        return name;
    }

    // ---------------------------------------------------------------------------------------------- sending

    /**
     * Sends on the session in force; when the write finds the other end's holder gone and another process has taken
     * the other end since, sends the same message to that process instead.
     *
     * @param message        the message; its position does not move
     * @param callStartNanos when the caller's send began ({@link FrameSender#send})
     * @throws IOException when the other end is gone or this end is closed
     */
    public void send(final ByteBuffer message, final long callStartNanos) throws IOException {
        final FrameSender out = sender();
        try {
            out.send(message, callStartNanos);
        } catch (final InterruptedIOException e) {
            throw e;
        } catch (final IOException e) {
            if (!out.isFailed() || !renewSender(out)) {
                throw e;
            }
            sender().send(message, callStartNanos);
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
        final boolean renewing = peerGone != null && renewing();
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

    /** Holds what is sent from now on for the new holder of the other end, if another process has taken it. */
    private boolean renewSender(final FrameSender failed) throws IOException {
        final Attachment ended;
        synchronized (state) {
            ended = session;
        }
        if (!renewing()) {
            return false;
        }
        failed.detachFrom(sessionKey(ended));
        return true;
    }

    /**
     * Whether a renewal is under way, or started now, for the sender to hold what comes meanwhile.
     *
     * @throws IOException when the renewal has failed already (a process of another version took the other end):
     *                     nothing sent would ever be received
     */
    private boolean renewing() throws IOException {
        final CompletableFuture<Attachment> next = startRenewal();
        if (next == null) {
            return false;
        }
        if (next.isCompletedExceptionally()) {
            // Joined to learn the cause; it does not wait, the renewal being over.
            try {
                next.join();
            } catch (final CompletionException e) {
                throw new IOException("cannot send on the " + name + ": " + e.getCause().getMessage(), e.getCause());
            }
        }
        return true;
    }

    // -------------------------------------------------------------------------------------------- receiving

    /**
     * A receive on one channel.
     *
     * @param <T> what it returns
     */
    @FunctionalInterface
    public interface Receive<T> {
        /**
         * @param in the channel to receive from
         * @return what was received
         * @throws IOException as the channel's receive
         */
        T from(FrameChannel in) throws IOException;
    }

    /**
     * Receives from the channel to read next; at the end of a session's stream, goes on with the next session when
     * the other end has been taken by another process since, and otherwise reports the end of the stream.
     *
     * @param receive the receive to make
     * @param <T>     what it returns
     * @return what it received
     * @throws EOFException when the other end is gone and every message it sent has been received
     * @throws IOException  as the receive, or when this end is closed
     */
    public <T> T receive(final Receive<T> receive) throws IOException {
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

    /**
     * Waits up to the timeout for a message (or the end of the stream), attaching first if need be.
     *
     * @param timeoutNanos how long to wait; 0 does not wait, {@link Long#MAX_VALUE} waits without limit
     * @return whether a receive would not wait for a message to begin
     * @throws InterruptedIOException when interrupted while waiting
     * @throws IOException            when this end is closed
     */
    public boolean poll(final long timeoutNanos) throws IOException {
        final long deadline = System.nanoTime() + timeoutNanos;
        if (!attach(timeoutNanos)) {
            return false;
        }
        synchronized (state) {
            if (!draining.isEmpty()) {
                // Messages of an ended session, or its end, which a receive passes over to the session in force.
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

    /** @return whether bytes or the end of the stream are here already, without a system call (to wait on many) */
    public boolean hasBufferedInput() {
        synchronized (state) {
            if (!draining.isEmpty()) {
                return true;
            }
        }
        final FrameChannel in = channel;
        return in == null ? peerGone != null : in.hasBufferedInput();
    }

    /** @return the channel to read next (an ended session's first), or null (not attached, or the other end gone) */
    public FrameChannel channelToRead() {
        synchronized (state) {
            if (!draining.isEmpty()) {
                return draining.peek();
            }
        }
        return channel;
    }

    /** Counts a message received in the session in force, for the other end to drop what it kept of it. */
    private void delivered(final FrameChannel in) {
        final Attachment current = session;
        if (end != null && current != null && current.channel() == in) {
            end.ownDeliveries().delivered(sessionKey(current));
        }
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

    // ------------------------------------------------------------------------------------------- attaching

    /**
     * Attaches within the timeout.
     *
     * @param timeoutNanos how long to wait; {@link Long#MAX_VALUE} waits until attached
     * @return whether this end is attached (or knows the other end is gone)
     * @throws IllegalStateException when another live process holds the end
     * @throws IOException           when this end is closed or attaching failed
     */
    public boolean attach(final long timeoutNanos) throws IOException {
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

    private long sessionKey(final Attachment attachment) {
        return DeliveryRecord.sessionKey(left, attachment.ownGeneration(), attachment.peerGeneration());
    }

    // -------------------------------------------------------------------------------------------- renewing

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

    // -------------------------------------------------------------------------------------------- closing

    /**
     * Closes the link in this process: what is pending is written first, then the socket is closed. A pipe end that
     * never did I/O here is closed locally. Idempotent.
     */
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

    private void closeAtExit() {
        // Bounded: a reader that never attaches must not keep this process from exiting.
        close(EXIT_FLUSH_NANOS);
    }

    /** @return whether the link was closed in this process ({@link #close()}, or a garbled stream) */
    public boolean isClosed() {
        final FrameChannel in = channel;
        return closed || in != null && in.isClosed();
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("the " + name + " is closed");
        }
    }

    /** @return the name, and whether the link was closed or is attached here: {@code left end of p, attached} */
    @Override
    public String toString() {
        return name + (closed ? ", closed" : channel != null ? ", attached" : "");
    }
}
