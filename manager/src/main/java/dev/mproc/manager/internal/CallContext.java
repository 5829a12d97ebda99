package dev.mproc.manager.internal;

import dev.mproc.internal.wire.FrameChannel;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Who is calling, on the server: the client session and thread a call came from, and the connection it came on, so
 * that a blocking method waits in short slices and gives up as soon as its caller is gone.
 *
 * <p><b>Thread safety:</b> one context per server thread, set for the length of one call.
 */
public final class CallContext {

    /** The longest a blocking method waits before it checks that its caller is still there. */
    static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private static final ThreadLocal<CallContext> CURRENT = new ThreadLocal<>();

    /** How many calls of this JVM's servers wait in a slice now: a probe for tests and diagnostics. */
    private static final AtomicInteger WAITING = new AtomicInteger();

    private final Owner owner;
    private final FrameChannel channel;
    private final Claims claims;
    private Runnable afterReply;

    CallContext(final Owner owner, final FrameChannel channel, final Claims claims) {
        this.owner = owner;
        this.channel = channel;
        this.claims = claims;
    }

    /** @return the context of the call running on this thread; a local one for calls made inside the server */
    static CallContext current() {
        final CallContext context = CURRENT.get();
        return context != null
            ? context : new CallContext(new Owner("local", Thread.currentThread().getId()), null, null);
    }

    static void set(final CallContext context) {
        CURRENT.set(context);
    }

    static void clear() {
        CURRENT.remove();
    }

    /** @return the client thread that made the call */
    Owner owner() {
        return owner;
    }

    /**
     * Records that this call took an element off a queue for its client: it stays claimed by the connection until
     * the client acknowledges it, and goes back to the queue if the connection ends first. A call made inside the
     * server claims nothing.
     *
     * @param queue   the queue it came from
     * @param element the element
     */
    static void claim(final ServedQueue queue, final Object element) {
        final CallContext context = CURRENT.get();
        if (context != null && context.claims != null) {
            context.claims.add(queue, element);
        }
    }

    /** Runs the action once the reply to this call has been sent (used by shutdown). */
    void afterReply(final Runnable action) {
        afterReply = action;
    }

    Runnable afterReply() {
        return afterReply;
    }

    /**
     * Waits on a monitor the caller holds, for one slice at most, then checks that the caller is still there.
     *
     * @param monitor        the monitor, held by the calling thread
     * @param remainingNanos how long the method may still wait; {@code Long.MAX_VALUE} for ever
     * @throws PeerGoneException when the client closed the connection or died
     */
    static void awaitSlice(final Object monitor, final long remainingNanos) {
        final long nanos = Math.min(remainingNanos, SLICE_NANOS);
        if (nanos > 0) {
            WAITING.incrementAndGet();
            try {
                TimeUnit.NANOSECONDS.timedWait(monitor, nanos);
            } catch (final InterruptedException e) {
                // Server threads are interrupted only at shutdown: the call is abandoned like a vanished caller.
                throw new PeerGoneException();
            } finally {
                WAITING.decrementAndGet();
            }
        }
        current().checkPeer();
    }

    /**
     * Takes a lock, waiting for it in slices and giving up as soon as the caller is gone; counted as a waiting call
     * meanwhile.
     *
     * @param lock the lock
     * @throws PeerGoneException when the client closed the connection or died while the call waited
     */
    static void lockInSlices(final ReentrantLock lock) {
        if (lock.tryLock()) {
            return;
        }
        WAITING.incrementAndGet();
        try {
            while (!lock.tryLock(SLICE_NANOS, TimeUnit.NANOSECONDS)) {
                current().checkPeer();
            }
        } catch (final InterruptedException e) {
            throw new PeerGoneException();
        } finally {
            WAITING.decrementAndGet();
        }
    }

    /**
     * Waits for a future of this process (a pool's result) in slices, giving up as soon as the caller is gone;
     * counted as a waiting call meanwhile.
     *
     * @param future the future
     * @param <T>    its value's type
     * @return its value
     * @throws ExecutionException when it failed
     * @throws PeerGoneException  when the client closed the connection or died while the call waited
     */
    static <T> T awaitFuture(final Future<T> future) throws ExecutionException {
        WAITING.incrementAndGet();
        try {
            while (true) {
                try {
                    return future.get(SLICE_NANOS, TimeUnit.NANOSECONDS);
                } catch (final TimeoutException e) {
                    current().checkPeer();
                }
            }
        } catch (final InterruptedException e) {
            throw new PeerGoneException();
        } finally {
            WAITING.decrementAndGet();
        }
    }

    /**
     * Waits for a thread of this process to end, in slices, giving up as soon as the caller is gone.
     *
     * @param thread the thread
     * @throws PeerGoneException when the client closed the connection or died while the call waited
     */
    static void awaitThread(final Thread thread) {
        WAITING.incrementAndGet();
        try {
            while (thread.isAlive()) {
                thread.join(TimeUnit.NANOSECONDS.toMillis(SLICE_NANOS));
                current().checkPeer();
            }
        } catch (final InterruptedException e) {
            throw new PeerGoneException();
        } finally {
            WAITING.decrementAndGet();
        }
    }

    /**
     * @return how many calls wait now (between two slices of a wait a call is briefly not counted)
     */
    static int waitingCalls() {
        return WAITING.get();
    }

    /**
     * Fails the call when its client is gone: a client waiting for a reply sends nothing, so anything readable on
     * the connection is its end (or a protocol violation, treated the same).
     *
     * @throws PeerGoneException when the client is gone
     */
    void checkPeer() {
        if (peerGone()) {
            throw new PeerGoneException();
        }
    }

    /**
     * @return whether the call's client is gone (anything readable on its connection, or the connection closed);
     *         false for a call made inside the server. Safe from any thread: the channel's reads are locked.
     */
    boolean peerGone() {
        if (channel == null) {
            return false;
        }
        try {
            return channel.isClosed() || channel.poll(0);
        } catch (final IOException e) {
            return true;
        }
    }

    /** The client thread that owns a lock: its session and its thread id there. */
    static final class Owner {

        private final String session;
        private final long thread;

        Owner(final String session, final long thread) {
            this.session = session;
            this.thread = thread;
        }

        String session() {
            return session;
        }

        @Override
        public boolean equals(final Object other) {
            return other instanceof Owner && ((Owner) other).session.equals(session)
                && ((Owner) other).thread == thread;
        }

        @Override
        public int hashCode() {
            return session.hashCode() * 31 + Long.hashCode(thread);
        }

        @Override
        public String toString() {
            return "thread " + thread + " of session " + session;
        }
    }

    /** Thrown on the server when a blocking call's client has gone: the call is dropped without a reply. */
    static final class PeerGoneException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        PeerGoneException() {
            super("the calling client is gone", null, false, false);
        }
    }
}
