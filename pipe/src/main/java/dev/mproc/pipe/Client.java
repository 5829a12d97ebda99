package dev.mproc.pipe;

import dev.mproc.Address;
import dev.mproc.Processes;
import dev.mproc.WireMode;
import dev.mproc.internal.wire.Endpoints;
import java.io.IOException;

/**
 * Connects to a {@link Listener} (or to a Python {@code multiprocessing.connection.Listener}): Python's
 * {@code multiprocessing.connection.Client}.
 *
 * <p><b>Thread safety:</b> stateless; safe from any thread. <b>Process safety:</b> the connection belongs to the
 * calling process.
 */
public final class Client {

    private Client() {
    }

    /**
     * Connects with this process tree's authkey ({@link Processes#authkey()}).
     *
     * @param address where the listener listens
     * @return the authenticated connection
     * @throws dev.mproc.AuthenticationException when the keys differ
     * @throws IOException                       when nobody listens there (the message names the address)
     */
    public static Connection connect(final Address address) throws IOException {
        return connect(address, Processes.authkey());
    }

    /**
     * Connects and completes the authkey challenge in both directions before returning.
     *
     * @param address where the listener listens
     * @param authkey the shared key
     * @return the authenticated connection
     * @throws dev.mproc.AuthenticationException when the keys differ (nothing was sent or deserialized)
     * @throws IOException                       when nobody listens there (the message names the address)
     */
    public static Connection connect(final Address address, final byte[] authkey) throws IOException {
        return connect(address, authkey, WireMode.PROTECTED);
    }

    /**
     * Connects with the given frames over TCP: {@link WireMode#PYTHON_COMPATIBLE} to reach Python's
     * {@code multiprocessing.connection.Listener}, {@link WireMode#PROTECTED} (the default) otherwise.
     *
     * @param address where the listener listens
     * @param authkey the shared key
     * @param mode    the frames after the handshake; the listener must use the same
     * @return the authenticated connection
     * @throws dev.mproc.AuthenticationException when the keys differ, or the listener uses the other mode (the
     *                                           message says so)
     * @throws IOException                       when nobody listens there (the message names the address)
     */
    public static Connection connect(final Address address, final byte[] authkey, final WireMode mode)
        throws IOException {
        return Connection.connected(Endpoints.connect(address.socketAddress(), authkey,
            java.util.Objects.requireNonNull(mode, "mode")));
    }
}
