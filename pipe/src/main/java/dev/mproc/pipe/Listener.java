package dev.mproc.pipe;

import dev.mproc.Address;
import dev.mproc.Processes;
import dev.mproc.WireMode;
import dev.mproc.internal.wire.AcceptLoop;
import dev.mproc.internal.wire.Endpoints;
import dev.mproc.internal.wire.FrameChannel;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A socket that accepts authenticated connections: Python's {@code multiprocessing.connection.Listener}.
 *
 * <pre>{@code
 * try (Listener listener = Listener.bind(Address.tcp("127.0.0.1", 0), authkey)) {
 *     try (Connection conn = listener.accept()) {
 *         conn.sendBytes(conn.recvBytes());
 *     }
 * }
 * }</pre>
 *
 * <p>Every accepted connection has passed the authkey challenge in both directions (HMAC, compatible with Python's,
 * so a Python {@code Client} can connect); a peer that fails it, or sends garbage, is dropped without a byte of it
 * deserialized, and {@link #accept()} goes on to the next peer. Peers are authenticated concurrently, in the
 * background from the moment the listener is bound, so a silent or slow peer delays nobody: {@link #accept()} returns
 * the next connection to complete its handshake. A Unix socket file is removed on {@link #close()}.
 *
 * <p><b>Thread safety:</b> {@code accept} may be called from several threads; {@code close} wakes them with an
 * {@link IOException}. <b>Process safety:</b> a listener belongs to the process that bound it; other processes,
 * Java or Python, connect to its {@link #address()} with {@link Client}.
 */
public final class Listener implements Closeable {

    /** Put on the queue by {@link #close()}: every waiting {@link #accept()} that takes it puts it back and ends. */
    private static final Object CLOSED = new Object();

    private final ServerSocketChannel server;
    private final Address address;
    /** Authenticated channels not yet accepted, in the order they authenticated, then perhaps {@link #CLOSED}. */
    private final BlockingQueue<Object> ready = new LinkedBlockingQueue<>();
    private final AcceptLoop loop;
    private volatile boolean closed;

    private Listener(final ServerSocketChannel server, final Address address, final byte[] authkey,
                     final WireMode mode) throws IOException {
        this.server = server;
        this.address = address;
        this.loop = AcceptLoop.on(server, authkey, "listener on " + address).threadNames("mproc-listener")
            .mode(mode).start(this::authenticated);
    }

    /**
     * Binds a listener that authenticates with this process tree's authkey ({@link Processes#authkey()}).
     *
     * @param address where to listen; {@code Address.tcp(host, 0)} picks a free port
     * @return the listener
     * @throws IOException when the address is taken or cannot be bound (the message names it)
     */
    public static Listener bind(final Address address) throws IOException {
        return bind(address, Processes.authkey());
    }

    /**
     * Binds a listener.
     *
     * @param address where to listen; {@code Address.tcp(host, 0)} picks a free port
     * @param authkey the key every client must prove it holds (copied)
     * @return the listener
     * @throws IOException when the address is taken or cannot be bound (the message names it)
     */
    public static Listener bind(final Address address, final byte[] authkey) throws IOException {
        return bind(address, authkey, WireMode.PROTECTED);
    }

    /**
     * Binds a listener whose connections use the given frames over TCP: {@link WireMode#PYTHON_COMPATIBLE} for
     * Python's {@code multiprocessing.connection.Client}, {@link WireMode#PROTECTED} (the default) otherwise. Over a
     * Unix socket both are Python's plain frames.
     *
     * @param address where to listen; {@code Address.tcp(host, 0)} picks a free port
     * @param authkey the key every client must prove it holds (copied)
     * @param mode    the frames after the handshake; a client in the other mode is refused with a message that says so
     * @return the listener
     * @throws IOException when the address is taken or cannot be bound (the message names it)
     */
    public static Listener bind(final Address address, final byte[] authkey, final WireMode mode)
        throws IOException {
        Objects.requireNonNull(mode, "mode");
        final ServerSocketChannel server = Endpoints.bind(address.socketAddress());
        final Address bound = Address.of(server.getLocalAddress());
        try {
            return new Listener(server, bound, authkey, mode);
        } catch (final IOException e) {
            if (bound.isUnix()) {
                Files.deleteIfExists(bound.path());
            }
            throw e;
        }
    }

    /**
     * Waits for the next peer that passes the authkey challenge: Python's {@code accept()}. Peers that fail it are
     * dropped and logged (at DEBUG), and the wait goes on.
     *
     * @return the authenticated connection
     * @throws java.nio.channels.ClosedByInterruptException when interrupted (the listener is then closed, as a
     *                                                      blocking socket is)
     * @throws IOException                                  when the listener is closed
     */
    public Connection accept() throws IOException {
        final Object next;
        try {
            next = ready.take();
        } catch (final InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new ClosedByInterruptException();
        }
        if (next == CLOSED) {
            ready.add(CLOSED);
            throw new IOException("listener on " + address + " is closed");
        }
        return Connection.connected((FrameChannel) next);
    }

    private void authenticated(final FrameChannel channel) {
        ready.add(channel);
        if (closed) {
            dropUnaccepted();
        }
    }

    /** @return the address it listens on, with the actual port when bound to port 0 */
    public Address address() {
        return address;
    }

    /**
     * Stops listening, drops the connections authenticated but not yet accepted, and removes a Unix socket file;
     * connections already accepted stay open. Idempotent.
     */
    @Override
    public void close() throws IOException {
        closed = true;
        loop.close();
        dropUnaccepted();
        ready.add(CLOSED);
        if (address.isUnix()) {
            Files.deleteIfExists(address.path());
        }
    }

    private void dropUnaccepted() {
        final List<Object> unaccepted = new ArrayList<>();
        ready.drainTo(unaccepted);
        for (final Object item : unaccepted) {
            if (item == CLOSED) {
                ready.add(CLOSED);
            } else {
                ((FrameChannel) item).close();
            }
        }
    }

    @Override
    public String toString() {
        return "Listener[" + address + (server.isOpen() ? "]" : ", closed]");
    }
}
