package dev.mproc.manager.internal;

import dev.mproc.Address;
import dev.mproc.internal.Codec;
import dev.mproc.internal.wire.AcceptLoop;
import dev.mproc.internal.wire.Endpoints;
import dev.mproc.internal.wire.RateLimitedLog;
import dev.mproc.manager.Factory;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * A manager's server: listens on an address, authenticates every connection before reading a byte of payload, and
 * serves each connection on its own thread, so that a call that blocks (a lock, a queue) holds up no other client.
 * Its {@link AcceptLoop} keeps accepting through any failure, and a silent peer delays nobody.
 *
 * <p>Clients are grouped in sessions (one per client process and manager, whatever its number of connections); a
 * session references the objects it created or received, and when its last connection closes (the process exited or
 * died) those references are dropped and the locks its threads held are released.
 *
 * <p><b>Thread safety:</b> safe for concurrent use. <b>Process safety:</b> one server per address; it lives in the
 * process that started it.
 */
public final class ManagerServer {

    private static final System.Logger LOG = System.getLogger(ManagerServer.class.getName());
    private static final Map<String, ManagerServer> RUNNING = new ConcurrentHashMap<>();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String id;
    private final ServerSocketChannel socket;
    /** Set once the loop runs; volatile for a shutdown that a client asks for. */
    private volatile AcceptLoop acceptLoop;
    private final Address address;
    private final byte[] authkey;
    private final ObjectTable objects = new ObjectTable();
    private final PeerWatch peerWatch;
    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<String, UserType> userTypes = new ConcurrentHashMap<>();
    private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Clients that broke the protocol: one line per interval, however many. */
    private final RateLimitedLog breaches = RateLimitedLog.of(LOG, Duration.ofSeconds(10));
    private volatile boolean stopping;

    private ManagerServer(final ServerSocketChannel socket, final Address address, final byte[] authkey) {
        this.id = Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36) + "-" + ProcessHandle.current().pid();
        this.socket = socket;
        this.address = address;
        this.authkey = authkey.clone();
        this.peerWatch = new PeerWatch(address.toString());
        objects.addControl(new Control());
    }

    /**
     * Binds the address and starts serving.
     *
     * @param address where to listen (a TCP port of 0 picks a free one)
     * @param authkey the key clients must prove they hold
     * @return the running server
     * @throws IOException when the address cannot be bound (the message names it)
     */
    public static ManagerServer start(final Address address, final byte[] authkey) throws IOException {
        final ServerSocketChannel socket = Endpoints.bind(address.socketAddress());
        final ManagerServer server = new ManagerServer(socket, Address.of(socket.getLocalAddress()), authkey);
        RUNNING.put(server.id, server);
        try {
            server.acceptLoop = AcceptLoop.on(socket, authkey, server.toString()).threadNames("mproc-manager")
                .start(channel -> new ServerConnection(server, channel).run());
        } catch (final IOException e) {
            server.shutdown();
            throw e;
        }
        return server;
    }

    /**
     * The server of this id, when it runs in this process.
     *
     * @param id a server id
     * @return the server, or null
     */
    static ManagerServer running(final String id) {
        return RUNNING.get(id);
    }

    /** @return the address it listens on, as bound */
    public Address address() {
        return address;
    }

    /** @return the server's unique id */
    public String id() {
        return id;
    }

    byte[] authkey() {
        return authkey;
    }

    /** Logs that a client broke the protocol and was dropped, rate-limited. */
    void dropped(final String peer, final String why) {
        breaches.log(System.Logger.Level.INFO, this + " dropped " + peer + ", which broke the protocol: " + why);
    }

    ObjectTable objects() {
        return objects;
    }

    PeerWatch peerWatch() {
        return peerWatch;
    }

    /** @return whether the server still serves */
    public boolean isRunning() {
        return !stopping;
    }

    /** Waits until the server has stopped. @throws InterruptedException when interrupted */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    /**
     * Stops listening, closes every connection (their blocked calls end) and disposes of what objects hold beyond
     * memory (a pool's workers).
     */
    public void shutdown() {
        if (stopping) {
            return;
        }
        stopping = true;
        RUNNING.remove(id);
        if (acceptLoop != null) {
            acceptLoop.close();
        }
        try {
            socket.close();
        } catch (final IOException ignored) {
            // Closing only releases the port or socket file.
        }
        if (address.isUnix()) {
            try {
                Files.deleteIfExists(address.path());
            } catch (final IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "cannot remove " + address.path(), e);
            }
        }
        connections.forEach(ServerConnection::close);
        peerWatch.stop();
        for (final Object target : objects.targets()) {
            if (target instanceof Disposable) {
                ((Disposable) target).dispose();
            }
        }
        stopped.countDown();
    }

    boolean track(final ServerConnection connection) {
        connections.add(connection);
        if (stopping) {
            connections.remove(connection);
            return false;
        }
        return true;
    }

    void untrack(final ServerConnection connection) {
        connections.remove(connection);
    }

    /** A connection of a session opened. */
    String join(final String sessionId) {
        synchronized (sessions) {
            sessions.computeIfAbsent(sessionId, Session::new).connections++;
        }
        return sessionId;
    }

    /** A connection of a session closed; the last one ends the session. */
    void leave(final String sessionId) {
        final Session ended;
        synchronized (sessions) {
            final Session session = sessions.get(sessionId);
            if (session == null || --session.connections > 0) {
                return;
            }
            sessions.remove(sessionId);
            ended = session;
        }
        for (final Object target : objects.targets()) {
            final ServedLock lock = target instanceof ServedCondition ? ((ServedCondition) target).lockObject()
                : target instanceof ServedLock ? (ServedLock) target : null;
            if (lock != null && lock.releaseIfHeldBy(sessionId)) {
                LOG.log(System.Logger.Level.DEBUG, "released {0}, held by ended session {1}", lock,
                    String.valueOf(sessionId));
            }
        }
        ended.refs.forEach(objects::decref);
    }

    private void reference(final String sessionId, final long objectId) {
        synchronized (sessions) {
            final Session session = sessions.get(sessionId);
            if (session != null && session.refs.add(objectId)) {
                objects.incref(objectId);
            }
        }
    }

    @Override
    public String toString() {
        return "manager server at " + address;
    }

    /** The objects one client process references, and how many connections it has open. */
    private static final class Session {
        final Set<Long> refs = new HashSet<>();
        int connections;

        Session(final String id) {
        }
    }

    /** A registered type: what makes its objects, and whether their calls take turns. */
    private static final class UserType {
        final Factory<?> factory;
        final boolean serialized;

        UserType(final Factory<?> factory, final boolean serialized) {
            this.factory = factory;
            this.serialized = serialized;
        }
    }

    /** The control object: creation, registration, references, shutdown. */
    private final class Control implements ServerControl {

        @Override
        public long create(final String kind, final Object[] args) {
            final long objectId;
            if (kind.equals("user")) {
                final Class<?> iface = (Class<?>) args[0];
                final UserType type = userTypes.get(iface.getName());
                if (type == null) {
                    throw new IllegalStateException(iface.getName() + " is not registered with the manager at "
                        + address + "; call register(iface, factory) first");
                }
                final Object target;
                try {
                    target = type.factory.create();
                } catch (final RuntimeException e) {
                    throw e;
                } catch (final Exception e) {
                    throw new IllegalStateException("the factory of " + iface.getName() + " failed: " + e, e);
                }
                if (!iface.isInstance(target)) {
                    throw new IllegalStateException("the factory of " + iface.getName() + " made a "
                        + (target == null ? "null" : target.getClass().getName()) + ", which does not implement it");
                }
                objectId = objects.add(target, iface, type.serialized, true);
            } else {
                final BuiltinKind builtin = BuiltinKind.valueOf(kind);
                objectId = objects.add(builtin.create(args), builtin.iface(), builtin.serialized(), false);
            }
            reference(CallContext.current().owner().session(), objectId);
            return objectId;
        }

        @Override
        public void register(final Class<?> iface, final Factory<?> factory, final boolean serialized) {
            if (!iface.isInterface()) {
                throw new IllegalArgumentException(iface.getName() + " is not an interface");
            }
            userTypes.put(iface.getName(), new UserType(factory, serialized));
        }

        @Override
        public void incref(final long objectId) {
            objects.get(objectId);
            reference(CallContext.current().owner().session(), objectId);
        }

        @Override
        public int objectCount() {
            return objects.size();
        }

        @Override
        public int waitingCalls() {
            return CallContext.waitingCalls();
        }

        @Override
        public void shutdown() {
            CallContext.current().afterReply(ManagerServer.this::shutdown);
        }
    }

    /**
     * Serves until a client asks for shutdown: the body of the child JVM that {@code Manager.start()} starts.
     *
     * @param address where to listen
     * @param authkey the process tree's key
     * @throws IOException          when the address cannot be bound
     * @throws InterruptedException when interrupted while serving
     */
    public static void serveUntilShutdown(final Address address, final byte[] authkey)
        throws IOException, InterruptedException {
        start(address, authkey).awaitShutdown();
    }

    /** @return the codec the server uses */
    static Codec codec() {
        return Codec.standard();
    }
}
