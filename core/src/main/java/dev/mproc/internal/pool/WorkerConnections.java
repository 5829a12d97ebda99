package dev.mproc.internal.pool;

import dev.mproc.internal.Codec;
import dev.mproc.internal.ProcessContext;
import dev.mproc.internal.RuntimeDirectory;
import dev.mproc.internal.wire.AcceptLoop;
import dev.mproc.internal.wire.Endpoints;
import dev.mproc.internal.wire.FrameChannel;
import dev.mproc.internal.wire.RateLimitedLog;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.net.UnixDomainSocketAddress;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The pool's socket, the parent's end of its workers' connections: a Unix socket in the private runtime directory,
 * served by an {@link AcceptLoop} that authenticates each peer and gives it a reader thread. The reader takes the
 * peer's HELLO, checked from its bytes (type, version, length, a worker the pool is starting) before a byte of its
 * failure is decoded, then the worker's results until its channel ends, decoding and delivering each.
 *
 * <p>A message too short for its type, or garbled, drops its connection with one line in the log: at INFO,
 * rate-limited, for a peer that never was a worker of this pool; at ERROR for a worker, which is then lost. Sending to
 * the workers is {@link WorkerLink}'s.
 *
 * <p>Thread safety: the readers touch no state of their own; what a worker says is handed to the {@link Supervisor}
 * (hello, loss) and to the engine ({@link Answers}), which take the pool's lock.
 */
final class WorkerConnections {

    private static final System.Logger LOG = System.getLogger(PoolEngine.class.getName());
    private static final Codec CODEC = Codec.standard();
    private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    /** What a worker's answer does to the pool. */
    @FunctionalInterface
    interface Answers {
        /**
         * Takes the pool's lock. A worker answered a unit: the unit is over, and the worker may take more.
         *
         * @param link     the worker
         * @param unitId   the unit it answered
         * @param runNanos how long it ran, as the worker measured it
         * @param actions  what to do after the lock
         * @return the unit; null when the worker was not running that unit
         */
        Unit answered(WorkerLink link, long unitId, long runNanos, Actions actions);
    }

    private final String poolName;
    private final Path socketPath;
    private final ServerSocketChannel server;
    /** Peers that authenticated but are no worker of ours: one line per interval, however many. */
    private final RateLimitedLog strangers = RateLimitedLog.of(LOG, LOG_INTERVAL);
    /** Set once by {@link #start}, before any worker starts. */
    private AcceptLoop acceptLoop;
    /** Set once by {@link #start}, before any peer is read. */
    private Supervisor supervisor;
    private Answers answers;

    private WorkerConnections(final String poolName, final Path socketPath, final ServerSocketChannel server) {
        this.poolName = poolName;
        this.socketPath = socketPath;
        this.server = server;
    }

    /**
     * Binds the pool's socket; nothing is accepted before {@link #start}.
     *
     * @param poolName the pool's name, for its threads and its log
     * @return the bound socket
     * @throws IOException when it cannot be bound
     */
    static WorkerConnections bind(final String poolName) throws IOException {
        final Path socketPath = RuntimeDirectory.newSocketPath("pool");
        try {
            return new WorkerConnections(poolName, socketPath, Endpoints.bind(UnixDomainSocketAddress.of(socketPath)));
        } catch (final IOException e) {
            RuntimeDirectory.files().release(socketPath);
            throw e;
        }
    }

    /** @return the socket its workers connect back to */
    Path socketPath() {
        return socketPath;
    }

    /**
     * Starts accepting connections; a failure releases the socket.
     *
     * @param workers told of hellos and of workers gone
     * @param answered told of results
     * @throws IOException when the accept loop cannot start
     */
    void start(final Supervisor workers, final Answers answered) throws IOException {
        this.supervisor = workers;
        this.answers = answered;
        try {
            acceptLoop = AcceptLoop.on(server, ProcessContext.authkey(), "pool " + poolName)
                .threadNames(poolName + "-reader").start(this::serve);
        } catch (final IOException e) {
            RuntimeDirectory.files().release(socketPath);
            throw e;
        }
    }

    /** Stops accepting and releases the socket; the workers' own channels are closed with them. */
    void close() {
        acceptLoop.close();
        RuntimeDirectory.files().release(socketPath);
    }

    /**
     * The reader thread of one authenticated connection: hello, then results until the channel ends. A message too
     * short for its type ends the connection with one line in the log.
     */
    private void serve(final FrameChannel channel) {
        WorkerLink link = null;
        try {
            link = hello(channel, channel.receive());
            if (link == null) {
                channel.close();
                return;
            }
            while (true) {
                result(link, channel.receive());
            }
        } catch (final BufferUnderflowException | StreamCorruptedException e) {
            channel.close();
            final String why = e instanceof BufferUnderflowException ? "a message too short for its type"
                : e.getMessage();
            if (link == null) {
                strangers.log(System.Logger.Level.INFO, "pool " + poolName + " dropped " + channel.peer()
                    + ", which broke the protocol: " + why);
            } else {
                LOG.log(System.Logger.Level.ERROR, "pool " + poolName + " dropped worker " + link
                    + ", which broke the protocol: " + why);
                supervisor.lost(link);
            }
        } catch (final IOException | RuntimeException e) {
            channel.close();
            if (link != null) {
                if (e instanceof RuntimeException) {
                    LOG.log(System.Logger.Level.ERROR, "pool worker " + link + " broke the protocol", e);
                }
                supervisor.lost(link);
            }
        }
    }

    private WorkerLink hello(final FrameChannel channel, final byte[] message) throws IOException {
        final int workerId = PoolProtocol.helloWorkerId(message);
        if (!supervisor.expects(workerId)) {
            return null;
        }
        // Decoded only now: a connection that is not a worker this pool is starting gets nothing deserialized.
        final ByteBuffer in = ByteBuffer.wrap(message, PoolProtocol.HELLO_HEADER_LENGTH,
            message.length - PoolProtocol.HELLO_HEADER_LENGTH);
        final Throwable initFailure = in.hasRemaining() ? Failures.read(message, in, CODEC) : null;
        return supervisor.ready(workerId, channel, initFailure);
    }

    private void result(final WorkerLink link, final byte[] message) throws IOException {
        final ByteBuffer in = ByteBuffer.wrap(message);
        if (in.get() != PoolProtocol.RESULT) {
            throw new StreamCorruptedException("unexpected message type " + message[0] + " from " + link);
        }
        final long unitId = in.getLong();
        final boolean ok = in.get() == PoolProtocol.OK;
        final long runNanos = in.getLong();
        final Actions actions = supervisor.actions();
        final Unit unit = answers.answered(link, unitId, runNanos, actions);
        if (unit == null) {
            throw new StreamCorruptedException(link + " answered unit " + unitId + ", which it was not running");
        }
        // The worker's next unit goes out before this one's result is decoded and delivered.
        actions.flushAll();
        deliver(link, unit, message, in, ok);
        actions.failAll(1);
    }

    private static void deliver(final WorkerLink link, final Unit unit, final byte[] message, final ByteBuffer in,
                                final boolean ok) {
        try {
            if (ok) {
                final Object[] values = new Object[in.getInt()];
                for (int i = 0; i < values.length; i++) {
                    final int length = in.getInt();
                    values[i] = CODEC.decode(message, in.position(), length);
                    in.position(in.position() + length);
                }
                unit.work.sink.accept(unit, values);
            } else {
                unit.work.sink.fail(unit, Failures.read(message, in, CODEC));
            }
        } catch (final IOException | RuntimeException e) {
            unit.work.sink.fail(unit, new IOException("cannot decode the result of a pool task from " + link + ": "
                + e.getMessage(), e));
        }
    }
}
