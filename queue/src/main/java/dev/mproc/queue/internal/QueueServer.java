package dev.mproc.queue.internal;

import dev.mproc.internal.ProcessContext;
import dev.mproc.internal.RuntimeDirectory;
import dev.mproc.internal.wire.AcceptLoop;
import dev.mproc.internal.wire.Endpoints;
import dev.mproc.internal.wire.FrameChannel;
import dev.mproc.internal.wire.RateLimitedLog;
import java.io.EOFException;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves a queue's store to attached processes: listens on a Unix socket in the runtime directory, authenticates
 * each connection with the process tree's authkey, and reads each connection's requests on a thread of its own (an
 * {@link AcceptLoop}, which keeps accepting through any failure). A connection that sends a request shorter than the
 * header, or does not greet with this protocol's version, or sends an operation the protocol does not define, is
 * dropped, alone, with a rate-limited line in the log saying why.
 *
 * <p>A connection's reader consumes every message its socket received, in order, even after the peer died; this is
 * what makes a streamed put durable once its bytes are written.
 */
final class QueueServer {

    private static final System.Logger LOG = System.getLogger(QueueServer.class.getName());
    private static final int MAX_BATCH = 256;
    private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    private final QueueStore store;
    private final Path path;
    private final ServerSocketChannel server;
    /** Set once the loop runs; volatile for a close from another thread. */
    private volatile AcceptLoop acceptLoop;
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    /** Peers that broke the protocol: one line per interval, however many. */
    private final RateLimitedLog breaches = RateLimitedLog.of(LOG, LOG_INTERVAL);
    private volatile boolean closed;

    private QueueServer(final QueueStore store, final Path path, final ServerSocketChannel server) {
        this.store = store;
        this.path = path;
        this.server = server;
    }

    static QueueServer start(final QueueStore store, final Path path) throws IOException {
        final ServerSocketChannel server;
        try {
            server = Endpoints.bind(UnixDomainSocketAddress.of(path));
        } catch (final IOException e) {
            RuntimeDirectory.files().release(path);
            throw e;
        }
        final QueueServer result = new QueueServer(store, path, server);
        try {
            result.acceptLoop = AcceptLoop.on(server, ProcessContext.authkey(), "owner of " + store.name())
                .threadNames("mproc-" + store.name()).start(result::serve);
        } catch (final IOException e) {
            RuntimeDirectory.files().release(path);
            throw e;
        }
        return result;
    }

    /** Reads one authenticated connection's requests until it ends, or breaks the protocol. */
    private void serve(final FrameChannel channel) {
        final Session session = new Session(channel);
        sessions.add(session);
        if (closed) {
            channel.close();
        }
        final List<byte[]> batch = new ArrayList<>();
        try {
            while (true) {
                batch.add(request(channel));
                try {
                    // What the socket already delivered is applied together: one lock and one wake-up per batch.
                    while (batch.size() < MAX_BATCH && channel.hasBufferedInput()) {
                        batch.add(request(channel));
                    }
                } finally {
                    // Even when the peer is gone mid-batch, every whole message it sent is applied first.
                    store.dispatch(session, batch);
                    batch.clear();
                }
            }
        } catch (final EOFException e) {
            LOG.log(System.Logger.Level.DEBUG, "{0} left {1}", channel.peer(), store.name());
        } catch (final StreamCorruptedException e) {
            breaches.log(System.Logger.Level.INFO, store.name() + " dropped " + channel.peer()
                + ", which broke the protocol: " + e.getMessage());
        } catch (final IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "dropped " + channel.peer() + " of " + store.name() + ": "
                + e.getMessage());
        } finally {
            store.sessionClosed(session);
            channel.close();
            sessions.remove(session);
        }
    }

    /** A request whose header is whole; anything shorter is not one of ours, and ends the connection. */
    private static byte[] request(final FrameChannel channel) throws IOException {
        final byte[] message = channel.receive();
        if (message.length < QueueProtocol.HEADER_LENGTH) {
            throw new StreamCorruptedException("a queue request of " + message.length + " bytes, shorter than its "
                + QueueProtocol.HEADER_LENGTH + "-byte header");
        }
        return message;
    }

    /** Stops listening, removes the socket file and drops every connection. */
    void close() {
        closed = true;
        final AcceptLoop loop = acceptLoop;
        if (loop != null) {
            loop.close();
        }
        try {
            server.close();
        } catch (final IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the listener of " + store.name(), e);
        }
        RuntimeDirectory.files().release(path);
        final byte[] closing = QueueProtocol.control(QueueProtocol.CLOSING, 0, 0);
        for (final Session session : sessions) {
            session.send(closing);
            session.channel.close();
        }
    }

    /** Says, once per interval however many, that a peer broke the protocol and why it is dropped. */
    void breach(final Session session, final String why) {
        breaches.log(System.Logger.Level.INFO, store.name() + " dropped " + session.channel.peer() + ", " + why);
    }

    /** @return how many connections of other processes this server serves now */
    int sessionCount() {
        return sessions.size();
    }
}
