package dev.mproc.manager.internal;

import dev.mproc.Address;
import dev.mproc.internal.Codec;
import dev.mproc.internal.wire.Endpoints;
import dev.mproc.internal.wire.FrameBuffer;
import dev.mproc.internal.wire.FrameChannel;
import dev.mproc.manager.ManagerUnreachableException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * One process's connections to one manager: a session id, an anchor connection that keeps the session (and the
 * objects it references) alive for as long as this process is, and a pool of connections for calls, one per call in
 * flight, so that a thread waiting in a blocking call holds up no other thread.
 *
 * <p><b>Thread safety:</b> safe for concurrent use. <b>Process safety:</b> per process; a proxy that arrives in
 * another process finds or makes that process's own client.
 */
public final class ManagerClient implements AutoCloseable {

    private static final Map<String, ManagerClient> BY_SERVER = new ConcurrentHashMap<>();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Address address;
    private final byte[] authkey;
    private final String session;
    private final Codec codec = Codec.standard();
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final Connection anchor;
    private final String serverId;
    private final ServerControl control;
    private volatile boolean closed;

    private ManagerClient(final Address address, final byte[] authkey) throws IOException {
        this.address = address;
        this.authkey = authkey.clone();
        this.session = Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36) + "-" + ProcessHandle.current().pid();
        this.anchor = open();
        this.serverId = anchor.serverId;
        this.control = (ServerControl) Proxies.make(ObjectRef.remote(this, Protocol.CONTROL_ID, ServerControl.class));
    }

    /**
     * Connects to a manager; the client is the one proxies of that server attach through in this process, unless
     * another was registered first.
     *
     * @param address the manager's address
     * @param authkey its key
     * @return the connected client
     * @throws ManagerUnreachableException when it cannot be reached or refuses the key
     */
    public static ManagerClient connect(final Address address, final byte[] authkey) {
        final ManagerClient client;
        try {
            client = new ManagerClient(address, authkey);
        } catch (final IOException e) {
            throw new ManagerUnreachableException("cannot connect to the manager at " + address + ": "
                + e.getMessage(), e);
        }
        BY_SERVER.putIfAbsent(client.serverId, client);
        return client;
    }

    /** The client through which proxies of a server attach in this process, connected on first use. */
    static ManagerClient forServer(final String serverId, final Address address, final byte[] authkey)
        throws IOException {
        final ManagerClient existing = BY_SERVER.get(serverId);
        if (existing != null && !existing.closed) {
            return existing;
        }
        synchronized (BY_SERVER) {
            final ManagerClient again = BY_SERVER.get(serverId);
            if (again != null && !again.closed) {
                return again;
            }
            final ManagerClient client = new ManagerClient(address, authkey);
            if (!client.serverId.equals(serverId)) {
                client.close();
                throw new IOException("the manager at " + address + " is not the one the proxy belongs to (it was "
                    + "restarted or replaced)");
            }
            BY_SERVER.put(serverId, client);
            return client;
        }
    }

    /** @return the manager's address */
    public Address address() {
        return address;
    }

    /** @return the server's id */
    public String serverId() {
        return serverId;
    }

    byte[] authkey() {
        return authkey;
    }

    /** @return the server's control object */
    public ServerControl control() {
        return control;
    }

    /**
     * @param kind a built-in kind
     * @param args its creation arguments
     * @return a proxy to a new object of that kind
     */
    public Object create(final BuiltinKind kind, final Object... args) {
        return Proxies.make(ObjectRef.remote(this, control.create(kind.name(), args), kind.iface()));
    }

    /**
     * @param iface a registered interface
     * @param <T>   its type
     * @return a proxy to a new object made by its factory
     */
    public <T> T createUser(final Class<T> iface) {
        return iface.cast(Proxies.make(ObjectRef.remote(this, control.create("user", new Object[] {iface}), iface)));
    }

    void incref(final long objectId) throws IOException {
        try {
            control.incref(objectId);
        } catch (final ManagerUnreachableException e) {
            throw e.getCause();
        } catch (final RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Sends one request and waits for its reply.
     *
     * @param objectId the target
     * @param table    its method table
     * @param method   the method number
     * @param args     the arguments
     * @return the result
     * @throws Throwable as {@link ObjectRef#invoke}
     */
    Object call(final long objectId, final MethodTable table, final int method, final Object[] args)
        throws Throwable {
        final boolean interruptible = table.interruptible(method);
        if (interruptible && Thread.interrupted()) {
            throw new InterruptedException(table.describe(method) + " was interrupted before it was sent");
        }
        final Connection connection = borrow(table, method);
        boolean reusable = false;
        final byte[] reply;
        Object value = null;
        try {
            try {
                Protocol.writeRequest(connection.buffer, codec, objectId, method, Thread.currentThread().getId(),
                    args);
            } catch (final IOException e) {
                reusable = true;
                throw new IllegalArgumentException("cannot send the arguments of " + table.describe(method)
                    + " to the manager at " + address + ": " + e.getMessage(), e);
            }
            connection.channel.send(connection.buffer);
            reply = receive(connection, interruptible, table, method);
            if (reply[0] == Protocol.CLAIMED) {
                // The elements stay the server's until acknowledged, decoded or not: a death of this process before
                // the acknowledgement is written gives them back; after it they are lost only with the caller.
                try {
                    value = decode(reply, table, method);
                } finally {
                    Protocol.writeAcknowledge(connection.buffer);
                    connection.channel.send(connection.buffer);
                }
            }
            reusable = true;
        } catch (final IOException e) {
            throw unreachable(table.describe(method) + " failed: the manager at " + address + " is gone ("
                + e.getMessage() + ")", e);
        } finally {
            if (reusable && !closed) {
                idle.offerFirst(connection);
            } else {
                connection.close();
            }
        }
        if (reply[0] != Protocol.CLAIMED) {
            value = decode(reply, table, method);
        }
        if (reply[0] == Protocol.THREW) {
            final Throwable thrown = (Throwable) value;
            thrown.addSuppressed(new CallSite(table.describe(method) + " called on the manager at " + address));
            throw thrown;
        }
        return value;
    }

    private Object decode(final byte[] reply, final MethodTable table, final int method) {
        try {
            return codec.decode(reply, 1, reply.length - 1);
        } catch (final IOException e) {
            throw new IllegalStateException("cannot read the result of " + table.describe(method)
                + " from the manager at " + address + ": " + e.getMessage(), e);
        }
    }

    private byte[] receive(final Connection connection, final boolean interruptible, final MethodTable table,
                           final int method) throws IOException, InterruptedException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return connection.channel.receive();
                } catch (final InterruptedIOException e) {
                    if (interruptible) {
                        // The server notices the closed connection and abandons the wait.
                        connection.close();
                        throw new InterruptedException(table.describe(method) + " on the manager at " + address
                            + " was interrupted");
                    }
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Connection borrow(final MethodTable table, final int method) {
        if (closed) {
            throw unreachable(table.describe(method) + " failed: the manager at " + address
                + " was closed in this process", null);
        }
        final Connection connection = idle.pollFirst();
        if (connection != null) {
            return connection;
        }
        try {
            return open();
        } catch (final IOException e) {
            throw unreachable(table.describe(method) + " failed: cannot reach the manager at " + address + " ("
                + e.getMessage() + ")", e);
        }
    }

    private Connection open() throws IOException {
        final FrameChannel channel = Endpoints.connect(address.socketAddress(), authkey);
        try {
            final Connection connection = new Connection(channel);
            connection.buffer.reset();
            codec.encode("mproc-manager " + Protocol.VERSION + " " + session + " " + ProcessHandle.current().pid(),
                connection.buffer);
            channel.send(connection.buffer);
            final byte[] welcome = channel.receive(256);
            connection.serverId = dev.mproc.internal.StandardCodec.decodeString(welcome, 0, welcome.length);
            open.add(connection);
            if (closed) {
                connection.close();
                throw new IOException("closed");
            }
            return connection;
        } catch (final IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private ManagerUnreachableException unreachable(final String message, final IOException cause) {
        return new ManagerUnreachableException(message, cause != null ? cause : new IOException(message));
    }

    /** Closes every connection; the server drops this process's references and releases its locks. */
    @Override
    public void close() {
        closed = true;
        BY_SERVER.remove(serverId, this);
        open.forEach(Connection::close);
        idle.clear();
    }

    /** One connection and its message buffer; used by one thread at a time. */
    private final class Connection {
        final FrameChannel channel;
        final FrameBuffer buffer = new FrameBuffer(Protocol.BUFFER_CAPACITY);
        String serverId;

        Connection(final FrameChannel channel) {
            this.channel = channel;
        }

        void close() {
            channel.close();
            open.remove(this);
        }
    }

    /** Added to an exception thrown on the server, to show where the call was made in this process. */
    private static final class CallSite extends Exception {
        private static final long serialVersionUID = 1L;

        CallSite(final String message) {
            super(message);
        }
    }
}
