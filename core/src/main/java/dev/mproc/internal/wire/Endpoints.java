package dev.mproc.internal.wire;

import dev.mproc.WireMode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Opens authenticated {@link FrameChannel}s over Unix domain sockets and TCP: bind, accept, connect. Over TCP the
 * frames are sealed unless {@link WireMode#PYTHON_COMPATIBLE} is asked for; over Unix sockets they are plain.
 */
public final class Endpoints {

    private Endpoints() {
    }

    /**
     * Binds a listening socket.
     *
     * @param address a {@link UnixDomainSocketAddress} or an {@link InetSocketAddress}
     * @return the bound, blocking server socket
     * @throws IOException when the address is taken or cannot be bound (the message names it)
     */
    public static ServerSocketChannel bind(final SocketAddress address) throws IOException {
        final ServerSocketChannel server = ServerSocketChannel.open(family(address));
        try {
            if (address instanceof InetSocketAddress) {
                server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            }
            server.bind(address, 128);
            return server;
        } catch (final IOException e) {
            server.close();
            throw new IOException("cannot listen on " + describe(address) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Accepts one connection and completes the server side of the authkey handshake.
     *
     * @param server  a bound server socket
     * @param authkey the shared key
     * @return the authenticated channel
     * @throws dev.mproc.AuthenticationException when the peer fails the handshake (its socket is closed)
     * @throws IOException                       when accepting fails
     */
    public static FrameChannel accept(final ServerSocketChannel server, final byte[] authkey) throws IOException {
        return authenticateAccepted(server.accept(), authkey, WireMode.PROTECTED);
    }

    /**
     * Accepts one connection and completes the server side of the handshake in the given mode.
     *
     * @param server  a bound server socket
     * @param authkey the shared key
     * @param mode    sealed or Python-compatible frames over TCP; the peer must use the same
     * @return the authenticated channel
     * @throws dev.mproc.AuthenticationException when the peer fails the handshake or uses the other mode
     * @throws IOException                       when accepting fails
     */
    public static FrameChannel accept(final ServerSocketChannel server, final byte[] authkey, final WireMode mode)
        throws IOException {
        return authenticateAccepted(server.accept(), authkey, mode);
    }

    /**
     * Completes the server side of the handshake on an accepted socket; the socket is closed if it fails.
     *
     * @param socket  an accepted socket
     * @param authkey the shared key
     * @return the authenticated channel
     * @throws IOException when the handshake fails
     */
    public static FrameChannel authenticateAccepted(final SocketChannel socket, final byte[] authkey)
        throws IOException {
        return authenticateAccepted(socket, authkey, WireMode.PROTECTED);
    }

    /**
     * Completes the server side of the handshake on an accepted socket in the given mode; the socket is closed if it
     * fails.
     *
     * @param socket  an accepted socket
     * @param authkey the shared key
     * @param mode    sealed or Python-compatible frames over TCP
     * @return the authenticated channel
     * @throws IOException when the handshake fails
     */
    public static FrameChannel authenticateAccepted(final SocketChannel socket, final byte[] authkey,
                                                    final WireMode mode) throws IOException {
        final FrameChannel channel = FrameChannel.of(tune(socket), describePeer(socket));
        try {
            Authenticator.serverHandshake(channel, authkey, seals(socket, mode));
            return channel;
        } catch (final IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Connects and completes the client side of the authkey handshake.
     *
     * @param address a {@link UnixDomainSocketAddress} or an {@link InetSocketAddress}
     * @param authkey the shared key
     * @return the authenticated channel
     * @throws dev.mproc.AuthenticationException when the handshake fails
     * @throws IOException                       when nobody listens there (the message names the address)
     */
    public static FrameChannel connect(final SocketAddress address, final byte[] authkey) throws IOException {
        return connect(address, authkey, WireMode.PROTECTED);
    }

    /**
     * Connects and completes the client side of the handshake in the given mode.
     *
     * @param address a {@link UnixDomainSocketAddress} or an {@link InetSocketAddress}
     * @param authkey the shared key
     * @param mode    sealed or Python-compatible frames over TCP; the listener must use the same
     * @return the authenticated channel
     * @throws dev.mproc.AuthenticationException when the handshake fails or the listener uses the other mode
     * @throws IOException                       when nobody listens there (the message names the address)
     */
    public static FrameChannel connect(final SocketAddress address, final byte[] authkey, final WireMode mode)
        throws IOException {
        final SocketChannel socket;
        try {
            socket = SocketChannel.open(address);
        } catch (final IOException e) {
            throw new IOException("cannot connect to " + describe(address) + ": " + e.getMessage(), e);
        }
        final FrameChannel channel = FrameChannel.of(tune(socket), describe(address));
        try {
            Authenticator.clientHandshake(channel, authkey, seals(socket, mode));
            return channel;
        } catch (final IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * @param address a socket address
     * @return a readable name for it: the path of a Unix socket, {@code host:port} for TCP
     */
    public static String describe(final SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress) {
            return "unix:" + ((UnixDomainSocketAddress) address).getPath();
        }
        if (address instanceof InetSocketAddress) {
            final InetSocketAddress inet = (InetSocketAddress) address;
            return "tcp:" + inet.getHostString() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    private static String describePeer(final SocketChannel socket) {
        try {
            final SocketAddress remote = socket.getRemoteAddress();
            if (remote instanceof InetSocketAddress) {
                return describe(remote);
            }
            return "peer on " + describe(socket.getLocalAddress());
        } catch (final IOException e) {
            return "peer";
        }
    }

    /** Sealed frames over TCP unless Python's are asked for; a Unix socket's 0700 directory guards its frames. */
    private static boolean seals(final SocketChannel socket, final WireMode mode) throws IOException {
        return mode == WireMode.PROTECTED && socket.getRemoteAddress() instanceof InetSocketAddress;
    }

    private static SocketChannel tune(final SocketChannel socket) throws IOException {
        if (socket.getRemoteAddress() instanceof InetSocketAddress) {
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
        return socket;
    }

    private static StandardProtocolFamily family(final SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress) {
            return StandardProtocolFamily.UNIX;
        }
        if (address instanceof InetSocketAddress
            && ((InetSocketAddress) address).getAddress() instanceof java.net.Inet6Address) {
            return StandardProtocolFamily.INET6;
        }
        return StandardProtocolFamily.INET;
    }
}
