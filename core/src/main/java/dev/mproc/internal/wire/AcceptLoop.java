package dev.mproc.internal.wire;

import dev.mproc.WireMode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves a listening socket until it is closed: accepts connections, authenticates each on a thread of its own, and
 * hands every authenticated channel to a {@link Handler} on that same thread. The one accept loop of every server
 * of mproc (the pipe {@code Listener}, the manager, the queue owner, the pool).
 *
 * <p>It never stops serving while its socket is open: a failure of {@code accept()} or of starting a thread (out of
 * descriptors, {@code OutOfMemoryError: unable to create native thread}) closes at most the connection concerned,
 * then pauses with an exponential {@link Backoff} (reset by the next success) and goes on. Such failures are logged
 * at WARNING through a {@link RateLimitedLog}, at most one line per interval.
 *
 * <p>A silent or slow peer delays nobody: handshakes run concurrently, each bounded by
 * {@link Authenticator#HANDSHAKE_TIMEOUT_MILLIS}, and at most {@link Builder#maxPendingHandshakes(int)} of them at a
 * time; a connection beyond that is closed at once. A failed handshake closes its connection and is logged at DEBUG,
 * rate-limited. Threads are reused, and end after a while idle.
 *
 * <p><b>Thread safety:</b> safe for concurrent use; {@link #close()} may be called from any thread. <b>Process
 * safety:</b> belongs to the process that bound the socket; the peers are any processes that hold the authkey.
 */
public final class AcceptLoop implements Closeable {

    /** Connections being authenticated at once, by default; more are refused until some finish. */
    public static final int DEFAULT_MAX_PENDING_HANDSHAKES =
        Integer.getInteger("mproc.maxPendingHandshakes", 64);

    private static final System.Logger LOG = System.getLogger(AcceptLoop.class.getName());
    private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);
    private static final long IDLE_THREAD_SECONDS = 30;

    /** What a server does with an authenticated connection; it owns the channel from then on. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Serves one connection, on a thread of the loop, as long as it needs to.
         *
         * @param channel the authenticated channel; closed by the loop if this throws
         * @throws Exception anything: it is logged and the channel closed, and the loop goes on
         */
        void serve(FrameChannel channel) throws Exception;
    }

    /** How a connection is taken from the socket; a seam for tests to make accepting fail. */
    @FunctionalInterface
    public interface Acceptor {
        /**
         * @param server the listening socket
         * @return the next connection
         * @throws IOException when accepting fails
         */
        SocketChannel accept(ServerSocketChannel server) throws IOException;
    }

    /** How the loop waits after a failure; a seam for tests to see the pauses. */
    @FunctionalInterface
    public interface Pause {
        /**
         * @param nanos  how long to wait
         * @param closed counted down when the loop closes, which ends the wait
         * @throws InterruptedException when interrupted
         */
        void pause(long nanos, CountDownLatch closed) throws InterruptedException;
    }

    private final ServerSocketChannel server;
    private final byte[] authkey;
    private final WireMode mode;
    private final String name;
    private final Handler handler;
    private final Acceptor acceptor;
    private final Backoff backoff;
    private final Pause pause;
    private final ThreadPoolExecutor threads;
    private final Semaphore handshakeSlots;
    private final Set<SocketChannel> handshaking = ConcurrentHashMap.newKeySet();
    private final int maxPendingHandshakes;
    private final RateLimitedLog failures;
    private final RateLimitedLog refusals;
    private final RateLimitedLog handshakeFailures;
    private final RateLimitedLog serveFailures;
    private final CountDownLatch closed = new CountDownLatch(1);

    private AcceptLoop(final Builder builder, final Handler handler) {
        this.server = builder.server;
        this.authkey = builder.authkey.clone();
        this.mode = builder.mode;
        this.name = builder.name;
        this.handler = handler;
        this.acceptor = builder.acceptor;
        this.backoff = Backoff.exponential(builder.initialPause, builder.maxPause);
        this.pause = builder.pause;
        this.failures = RateLimitedLog.of(builder.logger, LOG_INTERVAL);
        this.refusals = RateLimitedLog.of(builder.logger, LOG_INTERVAL);
        this.handshakeFailures = RateLimitedLog.of(builder.logger, LOG_INTERVAL);
        this.serveFailures = RateLimitedLog.of(builder.logger, LOG_INTERVAL);
        this.maxPendingHandshakes = builder.maxPendingHandshakes;
        this.handshakeSlots = new Semaphore(builder.maxPendingHandshakes);
        this.threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_THREAD_SECONDS, TimeUnit.SECONDS,
            new SynchronousQueue<>(), builder.threadFactory);
    }

    /**
     * Starts describing a loop.
     *
     * @param server  a bound server socket; the loop serves it until it is closed
     * @param authkey the key every peer must prove it holds (copied)
     * @param name    what the server is, for thread names and log lines ("manager server at tcp:...")
     * @return a builder
     */
    public static Builder on(final ServerSocketChannel server, final byte[] authkey, final String name) {
        return new Builder(server, authkey, name);
    }

    /** @return whether the loop has been closed, or its socket was */
    public boolean isClosed() {
        return closed.getCount() == 0 || !server.isOpen();
    }

    /**
     * Closes the socket, ends the loop and drops every connection still in its handshake. Connections already handed
     * to the handler are the handler's to close. Idempotent.
     */
    @Override
    public void close() {
        closed.countDown();
        try {
            server.close();
        } catch (final IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing " + name + ": " + e.getMessage());
        }
        handshaking.forEach(AcceptLoop::closeQuietly);
        threads.shutdown();
    }

    @Override
    public String toString() {
        return "accept loop of " + name;
    }

    private void run() {
        while (!isClosed()) {
            try {
                acceptOne();
            } catch (final Throwable t) {
                // Whatever goes wrong in one round must not end the loop.
                failed("failed", t);
            }
        }
        threads.shutdown();
        LOG.log(System.Logger.Level.DEBUG, "{0} stopped accepting", name);
    }

    private void acceptOne() {
        final SocketChannel socket;
        try {
            socket = acceptor.accept(server);
        } catch (final Throwable t) {
            if (!isClosed()) {
                failed("cannot accept a connection", t);
            }
            return;
        }
        if (socket == null) {
            return;
        }
        if (isClosed()) {
            closeQuietly(socket);
            return;
        }
        if (!handshakeSlots.tryAcquire()) {
            closeQuietly(socket);
            refusals.log(System.Logger.Level.WARNING, name + " refused a connection: "
                + maxPendingHandshakes + " connections are still in their handshake");
            return;
        }
        handshaking.add(socket);
        try {
            threads.execute(() -> handshakeAndServe(socket));
        } catch (final Throwable t) {
            handshaking.remove(socket);
            handshakeSlots.release();
            closeQuietly(socket);
            if (!isClosed()) {
                failed("cannot start a thread for a connection", t);
            }
            return;
        }
        backoff.reset();
    }

    private void handshakeAndServe(final SocketChannel socket) {
        final FrameChannel channel;
        try {
            channel = Endpoints.authenticateAccepted(socket, authkey, mode);
        } catch (final Throwable t) {
            closeQuietly(socket);
            handshakeFailures.log(System.Logger.Level.DEBUG, name + " dropped a peer during the handshake: " + t);
            return;
        } finally {
            handshaking.remove(socket);
            handshakeSlots.release();
        }
        if (isClosed()) {
            channel.close();
            return;
        }
        try {
            handler.serve(channel);
        } catch (final Throwable t) {
            channel.close();
            serveFailures.log(System.Logger.Level.WARNING, name + " failed to serve " + channel.peer() + ": " + t);
        }
    }

    private void failed(final String what, final Throwable cause) {
        final long nanos = backoff.nextPauseNanos();
        try {
            failures.log(System.Logger.Level.WARNING, name + " " + what + ": " + cause + "; retrying in "
                + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms");
        } catch (final Throwable logFailed) {
            // Logging can fail too when memory or threads run out; the pause matters more than the line.
        }
        try {
            pause.pause(nanos, closed);
        } catch (final InterruptedException e) {
            // Nobody interrupts the loop but to end it; closing the socket is how it ends.
            closeQuietly(server);
        }
    }

    private static void closeQuietly(final Channel channel) {
        try {
            channel.close();
        } catch (final IOException ignored) {
            // Closing only frees the descriptor; it is gone either way.
        }
    }

    private static void waitOrClose(final long nanos, final CountDownLatch closed) throws InterruptedException {
        closed.await(nanos, TimeUnit.NANOSECONDS);
    }

    /** The settings of a loop; {@link #start(Handler)} starts it. */
    public static final class Builder {
        private final ServerSocketChannel server;
        private final byte[] authkey;
        private final String name;
        private Acceptor acceptor = ServerSocketChannel::accept;
        private ThreadFactory threadFactory;
        private String threadPrefix;
        private Pause pause = AcceptLoop::waitOrClose;
        private Duration initialPause = Duration.ofMillis(5);
        private Duration maxPause = Duration.ofSeconds(1);
        private int maxPendingHandshakes = DEFAULT_MAX_PENDING_HANDSHAKES;
        private System.Logger logger = LOG;
        private WireMode mode = WireMode.PROTECTED;

        private Builder(final ServerSocketChannel server, final byte[] authkey, final String name) {
            this.server = server;
            this.authkey = authkey;
            this.name = name;
            this.threadPrefix = "mproc-server";
        }

        /**
         * @param prefix the start of the names of the loop's threads (default {@code mproc-server})
         * @return this builder
         */
        public Builder threadNames(final String prefix) {
            this.threadPrefix = prefix;
            return this;
        }

        /**
         * @param threads makes the threads that authenticate and serve connections (default: daemon threads
         *                named after {@link #threadNames(String)})
         * @return this builder
         */
        public Builder threadFactory(final ThreadFactory threads) {
            this.threadFactory = threads;
            return this;
        }

        /**
         * @param how how connections are accepted (default: {@code server.accept()})
         * @return this builder
         */
        public Builder acceptor(final Acceptor how) {
            this.acceptor = how;
            return this;
        }

        /**
         * @param initial the first pause after a failure
         * @param max     the longest pause
         * @param how     how to pause (default: wait until the time passes or the loop closes)
         * @return this builder
         */
        public Builder backoff(final Duration initial, final Duration max, final Pause how) {
            this.initialPause = initial;
            this.maxPause = max;
            this.pause = how;
            return this;
        }

        /**
         * @param frames the frames after the handshake over TCP (default {@link WireMode#PROTECTED}); a Unix socket
         *               always has Python's plain frames
         * @return this builder
         */
        public Builder mode(final WireMode frames) {
            this.mode = java.util.Objects.requireNonNull(frames, "mode");
            return this;
        }

        /**
         * @param where where the loop's failures are logged (default: this class's logger)
         * @return this builder
         */
        public Builder logger(final System.Logger where) {
            this.logger = where;
            return this;
        }

        /**
         * @param max connections in their handshake at once; more are closed at once
         * @return this builder
         */
        public Builder maxPendingHandshakes(final int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxPendingHandshakes " + max);
            }
            this.maxPendingHandshakes = max;
            return this;
        }

        /**
         * Starts the loop on a daemon thread of its own.
         *
         * @param handler what to do with each authenticated connection
         * @return the running loop
         * @throws IOException when its thread cannot be started (the socket is then closed)
         */
        public AcceptLoop start(final Handler handler) throws IOException {
            if (threadFactory == null) {
                threadFactory = daemonThreads(threadPrefix);
            }
            final AcceptLoop loop = new AcceptLoop(this, handler);
            final Thread thread = new Thread(loop::run, threadPrefix + "-accept");
            thread.setDaemon(true);
            try {
                thread.start();
            } catch (final OutOfMemoryError e) {
                loop.close();
                throw new IOException("cannot start the accept thread of " + name + ": " + e.getMessage(), e);
            }
            return loop;
        }
    }

    private static ThreadFactory daemonThreads(final String prefix) {
        final AtomicInteger numbers = new AtomicInteger();
        return body -> {
            final Thread thread = new Thread(body, prefix + "-" + numbers.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
