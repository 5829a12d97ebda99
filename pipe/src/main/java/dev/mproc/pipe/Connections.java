package dev.mproc.pipe;

import dev.mproc.internal.wire.FrameChannel;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Waiting on many connections at once: Python's {@code multiprocessing.connection.wait}.
 *
 * <p><b>Thread safety:</b> stateless; safe from any thread. <b>Process safety:</b> waits on the connections of the
 * calling process; pipe ends that have not attached yet attach here.
 */
public final class Connections {

    /** How often pipe ends that are still attaching are looked at again while waiting. */
    private static final long ATTACH_RECHECK_MILLIS = 10;

    private Connections() {
    }

    /**
     * Waits until at least one connection has a message (or the end of its stream) to receive.
     *
     * @param connections the connections to watch (readable ends)
     * @return those ready, in the order given
     * @throws InterruptedIOException when interrupted while waiting
     * @throws IOException            when one of them is closed
     */
    public static List<Connection> waitAny(final Collection<Connection> connections) throws IOException {
        return waitAny(connections, null);
    }

    /**
     * Waits until at least one connection has a message (or the end of its stream) to receive, or the timeout
     * passes; a connection is ready when {@code recv} on it would not wait for a message to begin.
     *
     * @param connections the connections to watch (readable ends)
     * @param timeout     how long to wait at most; {@code null} waits without limit, {@link Duration#ZERO} not at all
     * @return those ready, in the order given; empty when the timeout passed
     * @throws InterruptedIOException when interrupted while waiting
     * @throws IOException            when one of them is closed
     */
    public static List<Connection> waitAny(final Collection<Connection> connections, final Duration timeout)
        throws IOException {
        final long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        for (final Connection connection : connections) {
            if (!connection.isReadable()) {
                throw new IllegalArgumentException(connection + " is write-only; it can never be ready to receive");
            }
        }
        try (Selector selector = Selector.open()) {
            while (true) {
                boolean attaching = false;
                final List<Connection> ready = new ArrayList<>();
                for (final Connection connection : connections) {
                    if (!connection.attach(0)) {
                        attaching = true;
                    } else if (connection.hasBufferedInput()) {
                        ready.add(connection);
                    } else {
                        register(selector, connection);
                    }
                }
                if (ready.isEmpty()) {
                    final long remaining = timeout == null ? Long.MAX_VALUE : deadline - System.nanoTime();
                    if (remaining <= 0 && timeout != null) {
                        return pollEach(connections);
                    }
                    long millis = remaining == Long.MAX_VALUE ? 0 : Math.max(1, remaining / 1_000_000);
                    if (attaching) {
                        millis = millis == 0 ? ATTACH_RECHECK_MILLIS : Math.min(millis, ATTACH_RECHECK_MILLIS);
                    }
                    selector.select(millis);
                    if (Thread.interrupted()) {
                        throw new InterruptedIOException("interrupted while waiting on " + connections.size()
                            + " connections");
                    }
                    if (selector.selectedKeys().isEmpty() && !attaching) {
                        if (timeout != null && deadline - System.nanoTime() <= 0) {
                            return List.of();
                        }
                        continue;
                    }
                    selector.selectedKeys().clear();
                    ready.addAll(pollEach(connections));
                }
                if (!ready.isEmpty()) {
                    return ready;
                }
            }
        }
    }

    private static void register(final Selector selector, final Connection connection) throws IOException {
        final FrameChannel channel = connection.attachedChannel();
        if (channel == null) {
            return;
        }
        try {
            if (channel.socket().keyFor(selector) == null) {
                channel.socket().register(selector, SelectionKey.OP_READ, connection);
            }
        } catch (final ClosedChannelException e) {
            throw new IOException(connection + " is closed", e);
        }
    }

    /** The connections that are ready now, without waiting. */
    private static List<Connection> pollEach(final Collection<Connection> connections) throws IOException {
        final List<Connection> ready = new ArrayList<>();
        for (final Connection connection : connections) {
            if (connection.attach(0) && connection.poll(Duration.ZERO)) {
                ready.add(connection);
            }
        }
        return ready;
    }
}
