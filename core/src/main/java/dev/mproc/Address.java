package dev.mproc;

import dev.mproc.internal.wire.Endpoints;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a listener listens: a Unix domain socket file, or a TCP host and port. Python's {@code address} with its
 * {@code AF_UNIX} and {@code AF_INET} families.
 *
 * <p><b>Thread safety:</b> immutable. <b>Process safety:</b> an address is a plain value; it can be sent to any
 * process, and means the same thing on the same machine (a Unix socket) or on the network (TCP).
 */
public final class Address implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String path;
    private final String host;
    private final int port;

    private Address(final String path, final String host, final int port) {
        this.path = path;
        this.host = host;
        this.port = port;
    }

    /**
     * @param path the socket file
     * @return a Unix domain socket address
     */
    public static Address unix(final Path path) {
        return new Address(path.toAbsolutePath().toString(), null, -1);
    }

    /**
     * @param host a host name or IP address ({@code "127.0.0.1"} for loopback)
     * @param port the port, or 0 to let a listener choose a free one
     * @return a TCP address
     */
    public static Address tcp(final String host, final int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return new Address(null, Objects.requireNonNull(host, "host"), port);
    }

    /**
     * @param socketAddress a {@link UnixDomainSocketAddress} or an {@link InetSocketAddress}
     * @return the same address
     */
    public static Address of(final SocketAddress socketAddress) {
        if (socketAddress instanceof UnixDomainSocketAddress) {
            return unix(((UnixDomainSocketAddress) socketAddress).getPath());
        }
        if (socketAddress instanceof InetSocketAddress) {
            final InetSocketAddress inet = (InetSocketAddress) socketAddress;
            return tcp(inet.getHostString(), inet.getPort());
        }
        throw new IllegalArgumentException("not a Unix or TCP address: " + socketAddress);
    }

    /** @return whether this is a Unix domain socket address */
    public boolean isUnix() {
        return path != null;
    }

    /** @return the socket file of a Unix address */
    public Path path() {
        if (path == null) {
            throw new IllegalStateException(this + " is not a Unix socket address");
        }
        return Path.of(path);
    }

    /** @return the host of a TCP address */
    public String host() {
        if (host == null) {
            throw new IllegalStateException(this + " is not a TCP address");
        }
        return host;
    }

    /** @return the port of a TCP address */
    public int port() {
        if (host == null) {
            throw new IllegalStateException(this + " is not a TCP address");
        }
        return port;
    }

    /** @return the JDK socket address */
    public SocketAddress socketAddress() {
        return path != null ? UnixDomainSocketAddress.of(path) : new InetSocketAddress(host, port);
    }

    @Override
    public boolean equals(final Object other) {
        if (!(other instanceof Address)) {
            return false;
        }
        final Address that = (Address) other;
        return Objects.equals(path, that.path) && Objects.equals(host, that.host) && port == that.port;
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, host, port);
    }

    /** @return {@code unix:/path} or {@code tcp:host:port} */
    @Override
    public String toString() {
        return Endpoints.describe(socketAddress());
    }
}
