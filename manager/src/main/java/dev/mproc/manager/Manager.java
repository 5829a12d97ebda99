package dev.mproc.manager;

import dev.mproc.Address;
import dev.mproc.Process;
import dev.mproc.Task;
import dev.mproc.internal.ProcessContext;
import dev.mproc.internal.RuntimeDirectory;
import dev.mproc.manager.internal.BuiltinKind;
import dev.mproc.manager.internal.ManagerClient;
import dev.mproc.manager.internal.ManagerServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;

/**
 * A server of shared objects and the proxies that reach them: Python's {@code multiprocessing.Manager()}.
 *
 * <pre>{@code
 * try (Manager manager = Manager.start()) {
 *     ConcurrentMap<Integer, Integer> d = manager.dict();
 *     List<Integer> l = manager.list(List.of(0, 1, 2));
 *     Process p = Process.start(() -> { d.put(1, 1); l.add(3); });   // the proxies cross into the child
 *     p.join();
 *     String seen = d + " " + l;                                     // "{1=1} [0, 1, 2, 3]"
 * }
 * }</pre>
 *
 * <p>{@link #start()} runs the server in a child JVM of its own, on a Unix socket in the private runtime directory,
 * with the process tree's authkey; {@link #serve(Address, byte[])} runs one in this process (on a TCP port for other
 * machines, say); {@link #connect(Address, byte[])} reaches one anywhere.
 *
 * <p>Proxies implement the JDK interface where one fits ({@link ConcurrentMap}, {@link List}, {@link BlockingQueue},
 * {@link Lock}, {@link java.util.Set}) and a small interface of this package otherwise. Every method call is one
 * request to the server and, on the built-in objects, one atomic step there; calls on a registered type run
 * concurrently, as in Python, unless it was registered {@link CallMode#SERIALIZED}. A proxy is a
 * {@link dev.mproc.Handle}: a task can capture it, a pipe can carry it, and it can be stored inside another shared
 * object (a list inside a dict); wherever it arrives it reaches the same object. Values cross by serialization:
 * {@code d.get(k)} is a copy, and changing that copy changes nothing on the server (store it back with {@code put});
 * proxies stay proxies.
 *
 * <p>Lifetime: each process that holds proxies of a manager has a session with the server; the objects a session
 * created or received stay alive while the session lasts, and when a process exits or dies its session ends, the
 * objects no other process references are freed, and the locks its threads held are released. A proxy sent to
 * another process must be attached there before the sender exits, if no other process references the object.
 *
 * <p><b>Thread safety:</b> a manager and its proxies are safe for use by several threads; each call in flight uses
 * a connection of its own, so a thread blocked in {@code lock()} or {@code take()} holds up no other.
 * <b>Process safety:</b> calls from any process on the built-in objects are atomic on the server (a registered
 * object guards itself, or is registered serialized). A client that dies mid-call disturbs
 * neither the server nor other clients. When the server dies, every call fails promptly with a
 * {@link ManagerUnreachableException} naming its address; exceptions thrown by the served object reach the caller
 * with their type and message.
 */
public final class Manager implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final ManagerClient client;
    private final Process process;
    private final Path socketPath;
    private final ManagerServer server;

    private Manager(final ManagerClient client, final Process process, final Path socketPath,
                    final ManagerServer server) {
        this.client = client;
        this.process = process;
        this.socketPath = socketPath;
        this.server = server;
    }

    /**
     * Starts a manager server in a child JVM and connects to it; Python's {@code Manager()}. The server listens on a
     * Unix socket in the private runtime directory and takes the process tree's authkey, so that child processes
     * reach it through the proxies they are given. {@link #close()} shuts it down.
     *
     * @return the connected manager
     * @throws IOException when the child JVM cannot start or does not listen within 60 seconds
     */
    public static Manager start() throws IOException {
        return start(null);
    }

    /**
     * Starts a manager server in a child JVM that first runs the initializer: Python's
     * {@code manager.start(initializer, initargs)}. The initializer runs in the server's process before it serves
     * (its captured variables are its arguments; a proxy of another manager works there); this returns once the
     * server listens, so whatever the initializer did is done. Start-up waits for as long as the initializer runs.
     *
     * @param initializer what to run in the server's process before it serves, or null for nothing
     * @return the connected manager
     * @throws IOException when the child JVM cannot start, the initializer throws (the server's process exits with
     *                     code 1, its stack trace on that process's standard error, and the message says so), or
     *                     the server does not listen within 60 seconds of the initializer's end
     */
    public static Manager start(final Task initializer) throws IOException {
        final Path path = RuntimeDirectory.newSocketPath("manager");
        final String pathName = path.toString();
        final Process child = Process.builder().name("Manager-" + COUNTER.incrementAndGet()).daemon(true)
            .start(() -> {
                if (initializer != null) {
                    initializer.run();
                }
                ManagerServer.serveUntilShutdown(Address.unix(Path.of(pathName)), dev.mproc.Processes.authkey());
            });
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try {
                return new Manager(ManagerClient.connect(Address.unix(path), ProcessContext.authkey()), child, path,
                    null);
            } catch (final ManagerUnreachableException e) {
                if (initializer != null && child.isAlive() && !Files.exists(path)) {
                    // The initializer still runs: the server binds only after it, however long it takes.
                    deadline = System.nanoTime() + START_TIMEOUT.toNanos();
                }
                if (!child.isAlive() || System.nanoTime() > deadline) {
                    child.close();
                    RuntimeDirectory.files().release(path);
                    throw new IOException("the manager process " + child + " did not start listening on "
                        + Address.unix(path) + (child.isAlive() ? " within " + START_TIMEOUT.toSeconds() + " s"
                        : "; it exited with code " + child.exitCode().orElse(-1)
                        + (initializer != null ? " (did its initializer throw? see its standard error)" : "")), e);
                }
                try {
                    Thread.sleep(10);
                } catch (final InterruptedException interrupted) {
                    child.close();
                    RuntimeDirectory.files().release(path);
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while starting a manager", interrupted);
                }
            }
        }
    }

    /**
     * Runs a manager server in this process and connects to it: Python's {@code BaseManager(address, authkey)
     * .get_server()}. With a TCP address, processes on other machines that know the authkey reach it through
     * {@link #connect}. {@link #shutdown()} (from any client) or {@link #close()} stops it.
     *
     * @param address where to listen; {@code Address.tcp("127.0.0.1", 0)} picks a free loopback port, see
     *                {@link #address()}
     * @param authkey the key every client must prove it holds
     * @return the manager, serving
     * @throws IOException when the address cannot be bound (the message names it)
     */
    public static Manager serve(final Address address, final byte[] authkey) throws IOException {
        final ManagerServer server = ManagerServer.start(address, authkey);
        try {
            return new Manager(ManagerClient.connect(server.address(), authkey), null, null, server);
        } catch (final RuntimeException e) {
            server.shutdown();
            throw e;
        }
    }

    /**
     * Connects to a running manager: Python's {@code BaseManager(address, authkey).connect()}.
     *
     * @param address the manager's address
     * @param authkey its key
     * @return the connected manager; {@link #close()} only disconnects
     * @throws IOException when nobody listens there, or the key is refused (an
     *                     {@link dev.mproc.AuthenticationException}); the message names the address
     */
    public static Manager connect(final Address address, final byte[] authkey) throws IOException {
        try {
            return new Manager(ManagerClient.connect(address, authkey), null, null, null);
        } catch (final ManagerUnreachableException e) {
            throw e.getCause();
        }
    }

    /** @return the server's address (the bound port, for a TCP port of 0) */
    public Address address() {
        return client.address();
    }

    /**
     * @param <K> the key type
     * @param <V> the value type
     * @return a new empty shared dict; Python's {@code manager.dict()}
     */
    public <K, V> ConcurrentMap<K, V> dict() {
        return dict(Map.of());
    }

    /**
     * @param initial the initial entries, copied (insertion order kept)
     * @param <K>     the key type
     * @param <V>     the value type
     * @return a new shared dict; iteration order is insertion order, as in Python
     */
    @SuppressWarnings("unchecked")
    public <K, V> ConcurrentMap<K, V> dict(final Map<? extends K, ? extends V> initial) {
        return (ConcurrentMap<K, V>) client.create(BuiltinKind.DICT, new LinkedHashMap<>(initial));
    }

    /**
     * @param <E> the element type
     * @return a new empty shared list; Python's {@code manager.list()}
     */
    public <E> List<E> list() {
        return list(List.of());
    }

    /**
     * @param initial the initial elements, copied; {@code list(range(10))} is
     *                {@code list(IntStream.range(0, 10).boxed().toList())}
     * @param <E>     the element type
     * @return a new shared list
     */
    @SuppressWarnings("unchecked")
    public <E> List<E> list(final Collection<? extends E> initial) {
        return (List<E>) client.create(BuiltinKind.LIST, new ArrayList<>(initial));
    }

    /**
     * @param <E> the element type
     * @return a new empty shared set; Python's {@code manager.set()} (Python 3.14)
     */
    public <E> Set<E> set() {
        return set(List.of());
    }

    /**
     * @param initial the initial elements, copied
     * @param <E>     the element type
     * @return a new shared set; iteration order is insertion order
     */
    @SuppressWarnings("unchecked")
    public <E> Set<E> set(final Collection<? extends E> initial) {
        return (Set<E>) client.create(BuiltinKind.SET, new ArrayList<>(initial));
    }

    /** @return a new empty namespace; Python's {@code manager.Namespace()} */
    public NamespaceProxy namespace() {
        return (NamespaceProxy) client.create(BuiltinKind.NAMESPACE);
    }

    /**
     * @param <E> the element type
     * @return a new unbounded shared queue; Python's {@code manager.Queue()}
     */
    public <E> BlockingQueue<E> queue() {
        return joinableQueue(0);
    }

    /**
     * @param maxsize the capacity; 0 or less for unbounded
     * @param <E>     the element type
     * @return a new shared queue
     */
    public <E> BlockingQueue<E> queue(final int maxsize) {
        return joinableQueue(maxsize);
    }

    /**
     * @param <E> the element type
     * @return a new unbounded joinable queue; Python's {@code manager.JoinableQueue()}
     */
    public <E> JoinableQueueProxy<E> joinableQueue() {
        return joinableQueue(0);
    }

    /**
     * @param maxsize the capacity; 0 or less for unbounded
     * @param <E>     the element type
     * @return a new joinable queue
     */
    @SuppressWarnings("unchecked")
    public <E> JoinableQueueProxy<E> joinableQueue(final int maxsize) {
        return (JoinableQueueProxy<E>) client.create(BuiltinKind.QUEUE, maxsize);
    }

    /**
     * A lock owned by the client thread that takes it: {@code unlock} by another thread fails, and the lock is
     * released when the owner's process dies. It is not reentrant; {@code newCondition()} is not supported (use
     * {@link #condition(Lock)}). Python's {@code manager.Lock()}.
     *
     * @return a new lock
     */
    public Lock lock() {
        return (Lock) client.create(BuiltinKind.LOCK);
    }

    /** @return a new reentrant lock, as {@link #lock()} otherwise; Python's {@code manager.RLock()} */
    public Lock rLock() {
        return (Lock) client.create(BuiltinKind.RLOCK);
    }

    /**
     * @param permits the initial permits
     * @return a new semaphore; Python's {@code manager.Semaphore(value)}
     */
    public SemaphoreProxy semaphore(final int permits) {
        return (SemaphoreProxy) client.create(BuiltinKind.SEMAPHORE, permits);
    }

    /**
     * @param permits the initial permits, which are also the most it may hold
     * @return a new bounded semaphore, whose {@code release()} beyond that bound throws
     *         {@link IllegalStateException}; Python's {@code manager.BoundedSemaphore(value)}
     */
    public SemaphoreProxy boundedSemaphore(final int permits) {
        return (SemaphoreProxy) client.create(BuiltinKind.BOUNDED_SEMAPHORE, permits);
    }

    /** @return a new event, not set; Python's {@code manager.Event()} */
    public EventProxy event() {
        return (EventProxy) client.create(BuiltinKind.EVENT);
    }

    /** @return a new condition with a reentrant lock of its own; Python's {@code manager.Condition()} */
    public ConditionProxy condition() {
        return (ConditionProxy) client.create(BuiltinKind.CONDITION, (Object) null);
    }

    /**
     * @param lock a {@link #lock()} or {@link #rLock()} of this manager
     * @return a new condition using that lock; Python's {@code manager.Condition(lock)}
     */
    public ConditionProxy condition(final Lock lock) {
        return (ConditionProxy) client.create(BuiltinKind.CONDITION, Objects.requireNonNull(lock, "lock"));
    }

    /**
     * @param parties how many parties must arrive
     * @return a new barrier; Python's {@code manager.Barrier(parties)}
     */
    public BarrierProxy barrier(final int parties) {
        return barrier(parties, null, null);
    }

    /**
     * Python's {@code manager.Barrier(parties, action, timeout)}.
     *
     * @param parties how many parties must arrive
     * @param action  run in the manager's server process by the last party to arrive, before any is released (its
     *                captured variables are its arguments; proxies of this manager work there); null for none
     * @param timeout the default timeout of {@link BarrierProxy#await()}; null for none
     * @return a new barrier
     * @throws IllegalArgumentException when {@code parties} is less than 1 or the timeout is negative
     */
    public BarrierProxy barrier(final int parties, final Task action, final Duration timeout) {
        return (BarrierProxy) client.create(BuiltinKind.BARRIER, parties, action, timeout);
    }

    /**
     * A process pool in the manager's server process: Python's {@code manager.Pool(processes)}.
     *
     * @param processes the number of workers, at least 1
     * @return the pool's proxy; the pool is terminated when no process references it any more, or at shutdown
     * @throws IllegalArgumentException when {@code processes} is less than 1
     * @throws java.io.UncheckedIOException when the server cannot start the pool
     */
    public PoolProxy pool(final int processes) {
        return pool(processes, null, 0);
    }

    /**
     * Python's {@code manager.Pool(processes, initializer, initargs, maxtasksperchild)}.
     *
     * @param processes        the number of workers, at least 1
     * @param initializer      run once in each worker before its first task, or null
     * @param maxTasksPerChild tasks (chunks) a worker runs before it is replaced, or 0 for no limit
     * @return the pool's proxy
     * @throws IllegalArgumentException when {@code processes} is less than 1 or {@code maxTasksPerChild} negative
     * @throws java.io.UncheckedIOException when the server cannot start the pool
     */
    public PoolProxy pool(final int processes, final Task initializer, final int maxTasksPerChild) {
        if (processes < 1) {
            throw new IllegalArgumentException("a pool needs at least 1 process, not " + processes);
        }
        if (maxTasksPerChild < 0) {
            throw new IllegalArgumentException("maxTasksPerChild cannot be negative: " + maxTasksPerChild);
        }
        return (PoolProxy) client.create(BuiltinKind.POOL, processes, initializer, maxTasksPerChild);
    }

    /**
     * @param initial the initial value
     * @param <T>     its type
     * @return a new value; Python's {@code manager.Value(typecode, value)}
     */
    @SuppressWarnings("unchecked")
    public <T> ValueProxy<T> value(final T initial) {
        return (ValueProxy<T>) client.create(BuiltinKind.VALUE, initial);
    }

    /**
     * @param initial the elements, copied; the length is fixed
     * @param <T>     the element type
     * @return a new array; Python's {@code manager.Array(typecode, sequence)}
     */
    @SuppressWarnings("unchecked")
    public <T> ArrayProxy<T> array(final Collection<? extends T> initial) {
        return (ArrayProxy<T>) client.create(BuiltinKind.ARRAY, new ArrayList<>(initial));
    }

    /**
     * Registers a user type with the server: {@link #create(Class)} then makes objects with the factory, on the
     * server, and returns proxies implementing the interface. Python's {@code BaseManager.register(typeid,
     * callable)}. Registering the same interface again replaces the factory; every client of the server sees the
     * registration. Calls on a user object run concurrently, as in Python ({@link CallMode#CONCURRENT}): the object
     * guards itself, and a method may block waiting for another call, as a consumer in {@code take()} waits for a
     * producer's {@code put}. A factory may return one shared object to every {@code create}, as Python's
     * {@code register('get_queue', callable=lambda: queue)} does.
     *
     * @param iface   the interface the proxies implement; its methods' arguments and results cross by
     *                serialization
     * @param factory makes the objects, on the server; its class must be on the server's class path
     * @param <T>     the type
     * @throws IllegalArgumentException when {@code iface} is not an interface
     */
    public <T> void register(final Class<T> iface, final Factory<? extends T> factory) {
        register(iface, factory, CallMode.CONCURRENT);
    }

    /**
     * Registers a user type whose calls run as {@code mode} says: concurrently, or one at a time per object
     * ({@link CallMode#SERIALIZED}, for an object that does not guard itself).
     *
     * @param iface   the interface the proxies implement
     * @param factory makes the objects, on the server
     * @param mode    how calls on its objects run
     * @param <T>     the type
     * @throws IllegalArgumentException when {@code iface} is not an interface
     */
    public <T> void register(final Class<T> iface, final Factory<? extends T> factory, final CallMode mode) {
        if (!iface.isInterface()) {
            throw new IllegalArgumentException(iface.getName() + " is not an interface; a proxy implements an "
                + "interface");
        }
        client.control().register(iface, Objects.requireNonNull(factory, "factory"),
            Objects.requireNonNull(mode, "mode") == CallMode.SERIALIZED);
    }

    /**
     * Makes a new object of a registered type on the server.
     *
     * @param iface the registered interface
     * @param <T>   the type
     * @return a proxy (a {@link java.lang.reflect.Proxy}) whose calls run on the server; {@code equals} and
     *         {@code hashCode} compare which object it references, {@code toString} is the object's own
     * @throws IllegalStateException when the interface is not registered, or the factory failed
     */
    public <T> T create(final Class<T> iface) {
        return client.createUser(iface);
    }

    /** @return how many shared objects the server holds now (for diagnostics: objects are freed by reference) */
    public int objectCount() {
        return client.control().objectCount();
    }

    /**
     * How many calls wait on the server now: a take from an empty queue, a lock or a condition, a barrier, a pool's
     * result, a call of a serialized type waiting for its turn (not a registered object's own waits). For
     * diagnostics and tests, such as seeing that another process is blocked before acting; a snapshot.
     *
     * @return the number of waiting calls, from all clients
     */
    public int waitingCalls() {
        return client.control().waitingCalls();
    }

    /**
     * Stops the server: every proxy of it, in every process, fails from now on. Python's {@code shutdown()}. For a
     * manager from {@link #start()}, the child JVM exits.
     */
    public void shutdown() {
        try {
            client.control().shutdown();
        } catch (final ManagerUnreachableException e) {
            // Already gone: that is what was asked.
        }
        if (server != null) {
            server.shutdown();
        }
        awaitProcess();
    }

    /**
     * Waits until the server stops (a client called {@link #shutdown()}); for a server run by {@link #serve}.
     *
     * @throws InterruptedException  when interrupted while waiting
     * @throws IllegalStateException when this manager does not run the server in this process
     */
    public void awaitShutdown() throws InterruptedException {
        if (server == null) {
            throw new IllegalStateException("the manager at " + address() + " does not run in this process");
        }
        server.awaitShutdown();
    }

    /**
     * Shuts the server down when this process started or serves it ({@link #start()}, {@link #serve}), and closes
     * this process's connections; a manager from {@link #connect} only disconnects, dropping this process's
     * references.
     */
    @Override
    public void close() {
        if (process != null || server != null) {
            shutdown();
        }
        client.close();
    }

    private void awaitProcess() {
        if (process == null) {
            return;
        }
        try {
            if (!process.join(STOP_GRACE)) {
                process.kill();
                process.join();
            }
        } catch (final InterruptedException e) {
            process.kill();
            Thread.currentThread().interrupt();
        } finally {
            process.close();
            RuntimeDirectory.files().release(socketPath);
        }
    }

    /** @return the server's child process for a manager from {@link #start()}, else null; for tests */
    Process serverProcess() {
        return process;
    }

    @Override
    public String toString() {
        return "Manager[" + address() + (process != null ? ", " + process : "") + "]";
    }
}
