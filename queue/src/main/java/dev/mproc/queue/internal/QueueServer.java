package dev.mproc.queue.internal;

import dev.mproc.internal.ProcessContext;
import dev.mproc.internal.RuntimeDirectory;
import dev.mproc.internal.wire.Endpoints;
import dev.mproc.internal.wire.FrameChannel;
import java.io.EOFException;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves a queue's store to attached processes: listens on a Unix socket in the runtime directory, authenticates
 * each connection with the process tree's authkey, and reads each connection's requests on a thread of its own.
 *
 * <p>A connection's reader consumes every message its socket received, in order, even after the peer died; this is
 * what makes a streamed put durable once its bytes are written.
 */
final class QueueServer {

    private static final System.Logger LOG = System.getLogger(QueueServer.class.getName());
    private static final int MAX_BATCH = 256;

    private final QueueStore store;
    private final Path path;
    private final ServerSocketChannel server;
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
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
        daemon(result::acceptLoop, "mproc-" + store.name() + "-accept").start();
        return result;
    }

    private void acceptLoop() {
        while (!closed) {
            final SocketChannel socket;
            try {
                socket = server.accept();
            } catch (final IOException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, "stopped accepting connections to " + store.name(), e);
                }
                return;
            }
            daemon(() -> serve(socket), "mproc-" + store.name() + "-session").start();
        }
    }

    private void serve(final SocketChannel socket) {
        final FrameChannel channel;
        try {
            channel = Endpoints.authenticateAccepted(socket, ProcessContext.authkey());
        } catch (final IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "refused a connection to " + store.name() + ": " + e.getMessage());
            return;
        }
        final Session session = new Session(channel);
        sessions.add(session);
        if (closed) {
            channel.close();
        }
        final List<byte[]> batch = new ArrayList<>();
        try {
            while (true) {
                batch.add(channel.receive());
                try {
                    // What the socket already delivered is applied together: one lock and one wake-up per batch.
                    while (batch.size() < MAX_BATCH && channel.hasBufferedInput()) {
                        batch.add(channel.receive());
                    }
                } finally {
                    // Even when the peer is gone mid-batch, every whole message it sent is applied first.
                    store.dispatch(session, batch);
                    batch.clear();
                }
            }
        } catch (final EOFException e) {
            LOG.log(System.Logger.Level.DEBUG, "{0} left {1}", channel.peer(), store.name());
        } catch (final IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "dropped " + channel.peer() + " of " + store.name() + ": "
                + e.getMessage());
        } finally {
            store.sessionClosed(session);
            channel.close();
            sessions.remove(session);
        }
    }

    /** Stops listening, removes the socket file and drops every connection. */
    void close() {
        closed = true;
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

    private static Thread daemon(final Runnable body, final String name) {
        final Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }
}
