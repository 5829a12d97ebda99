package dev.mproc.pipe;

import dev.mproc.AuthenticationException;
import dev.mproc.Processes;
import dev.mproc.WireMode;
import dev.mproc.internal.wire.Endpoints;
import dev.mproc.internal.wire.FrameChannel;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.util.Objects;

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
 * deserialized, and {@link #accept()} goes on to the next peer. A Unix socket file is removed on {@link #close()}.
 *
 * <p><b>Thread safety:</b> {@code accept} may be called from several threads; {@code close} wakes them with an
 * {@link IOException}. <b>Process safety:</b> a listener belongs to the process that bound it; other processes,
 * Java or Python, connect to its {@link #address()} with {@link Client}.
 */
public final class Listener implements Closeable {

    private static final System.Logger LOG = System.getLogger(Listener.class.getName());

    private final ServerSocketChannel server;
    private final Address address;
    private final byte[] authkey;
    private final WireMode mode;

    private Listener(final ServerSocketChannel server, final Address address, final byte[] authkey,
                     final WireMode mode) {
        this.server = server;
        this.address = address;
        this.authkey = authkey;
        this.mode = mode;
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
        final byte[] key = authkey.clone();
        final ServerSocketChannel server = Endpoints.bind(address.socketAddress());
        return new Listener(server, Address.of(server.getLocalAddress()), key, Objects.requireNonNull(mode, "mode"));
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
        while (true) {
            final FrameChannel channel;
            try {
                channel = Endpoints.accept(server, authkey, mode);
            } catch (final AuthenticationException e) {
                LOG.log(System.Logger.Level.DEBUG, "{0} dropped a peer that failed the authkey challenge: {1}",
                    address, e.getMessage());
                continue;
            } catch (final IOException e) {
                if (!server.isOpen()) {
                    throw new IOException("listener on " + address + " is closed", e);
                }
                LOG.log(System.Logger.Level.DEBUG, "{0} dropped a peer during the authkey challenge: {1}",
                    address, e.getMessage());
                continue;
            }
            return Connection.connected(channel);
        }
    }

    /** @return the address it listens on, with the actual port when bound to port 0 */
    public Address address() {
        return address;
    }

    /** Stops listening and removes a Unix socket file; connections already accepted stay open. Idempotent. */
    @Override
    public void close() throws IOException {
        server.close();
        if (address.isUnix()) {
            Files.deleteIfExists(address.path());
        }
    }

    @Override
    public String toString() {
        return "Listener[" + address + (server.isOpen() ? "]" : ", closed]");
    }
}
