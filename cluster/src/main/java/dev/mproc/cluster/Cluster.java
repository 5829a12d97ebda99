package dev.mproc.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import dev.mproc.Process;
import dev.mproc.cluster.internal.Dispatcher;
import dev.mproc.cluster.internal.MapLock;
import dev.mproc.cluster.internal.MemberInstance;
import dev.mproc.cluster.internal.MemberMain;
import dev.mproc.cluster.internal.MemberShutdown;
import dev.mproc.cluster.internal.MemberSettings;
import dev.mproc.cluster.internal.QuietLogging;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;

/**
 * A connection to a Hazelcast cluster, with the members it started: the entry point to a {@link ClusterPool} and to
 * the shared objects of a Manager, on many machines.
 *
 * <pre>{@code
 * try (Cluster cluster = Cluster.start(3)) {                  // three member JVMs on this machine, this JVM a client
 *     Pool pool = cluster.pool();                             // instead of Pool.create(4)
 *     List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3, 4, 5, 6));
 *     ConcurrentMap<String, Integer> d = cluster.dict("scores");
 * }
 * }</pre>
 *
 * <p>This JVM is always a Hazelcast <em>client</em>: it needs no JVM flag, prints no warning, and holds no data, so it
 * may come and go. Members are other JVMs: started here by {@link Builder#members(int)} as mproc {@link Process}es
 * (daemons, on this JVM's class path, with the {@code --add-opens}/{@code --add-exports} flags Hazelcast asks for, so
 * they log no warning; they die with this process), or started elsewhere and reached by
 * {@link Builder#addresses(String...)}. Members join by TCP-IP on the addresses given, never by multicast, and bind
 * the loopback interface unless {@link Builder#host(String)} says otherwise.
 *
 * <p>Hazelcast logs through JDK logging ({@code hazelcast.logging.type=jdk}) and its loggers ({@code com.hazelcast})
 * are set to WARNING, in this JVM and in the members, unless the JDK logging configuration names a level for them
 * ({@code com.hazelcast.level} in {@code java.util.logging.config.file}) or code set one before.
 *
 * <p>Shared objects are named: every process connected to the cluster that asks for {@code dict("scores")} reaches
 * the same map. They are Hazelcast's own ({@code IMap}, {@code IList}, {@code IQueue}) behind the JDK interfaces, with
 * one synchronous backup each (a map or queue survives the loss of any one member; a list lives on one member and its
 * backup), and they live until the cluster ends. They are not mproc handles: a task that runs on a member reaches
 * them by name through that member, {@code Cluster.current().dict("scores")} (see {@link #current()}), not by
 * capturing these objects.
 *
 * <p><b>Thread safety:</b> safe for use by several threads. <b>Process safety:</b> belongs to the process that made
 * it; {@link #close()} disconnects it and stops the members it started (the data they held goes with them), and
 * leaves members it did not start running. Any number of processes may connect to one cluster.
 */
public final class Cluster implements AutoCloseable {

    /** The executor on the members that {@link #pool()} sends work to. */
    public static final String POOL_EXECUTOR = "mproc-pool";

    private static final String LOCKS = "mproc-locks";
    private static final String VALUES = "mproc-values";
    private static final String NAMESPACE_PREFIX = "mproc-namespace-";

    /**
     * What Hazelcast checks at a member's start, so that it can reach the JDK internals it uses without warning, and,
     * from JDK 23, its use of {@code sun.misc.Unsafe}, which JDK 24 and later warn about otherwise (Hazelcast's
     * recommendation, hazelcast/hazelcast#26608). Package-private for the test that starts members without a
     * {@code Process}.
     */
    static final List<String> MEMBER_FLAGS = memberFlags();

    /** The JDK release that has {@code --sun-misc-unsafe-memory-access}. */
    private static final int UNSAFE_OPTION_SINCE = 23;

    private static final long POLL_NANOS = 20_000_000L;

    /** The executor on the members that a closing {@code Cluster} asks to leave through, apart from the pool's work. */
    private static final String CONTROL_EXECUTOR = "mproc-control";

    /** How long a member started here is given to leave gracefully before it is terminated. */
    private static final Duration MEMBER_LEAVING = Duration.ofSeconds(20);

    private static final System.Logger LOG = System.getLogger(Cluster.class.getName());

    /** The view of {@link #current()}, one per member instance, so that its pools share one membership listener. */
    private static Cluster current;

    private final String name;
    private final List<String> addresses;
    private final List<Process> members;
    private final HazelcastInstance client;
    private final boolean ownsInstance;
    private final Dispatcher dispatcher;

    private Cluster(final String name, final List<String> addresses, final List<Process> members,
                    final HazelcastInstance client, final boolean ownsInstance) {
        this.name = name;
        this.addresses = addresses;
        this.members = members;
        this.client = client;
        this.ownsInstance = ownsInstance;
        this.dispatcher = new Dispatcher(client, client.getExecutorService(POOL_EXECUTOR), ClusterPool.MAX_ATTEMPTS);
        for (int i = 0; i < members.size(); i++) {
            watch(members.get(i), addresses.get(i));
        }
    }

    private static List<String> memberFlags() {
        final List<String> flags = new ArrayList<>(List.of(
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.management/sun.management=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "-D" + QuietLogging.TYPE_PROPERTY + "=" + QuietLogging.TYPE));
        // Members run on this JVM's java, so its version says which options they know.
        if (Runtime.version().feature() >= UNSAFE_OPTION_SINCE) {
            flags.add("--sun-misc-unsafe-memory-access=allow");
        }
        return List.copyOf(flags);
    }

    /**
     * Tells the pools when a member started here ends: its units run again elsewhere at once, even while Hazelcast
     * has not yet noticed.
     */
    private void watch(final Process member, final String hostPort) {
        final int colon = hostPort.lastIndexOf(':');
        final String host = hostPort.substring(0, colon);
        final int port = Integer.parseInt(hostPort.substring(colon + 1));
        final Thread watcher = new Thread(() -> {
            try {
                member.join();
                dispatcher.memberGone(host, port);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "mproc-cluster-watch-" + member.name());
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * Starts {@code members} member JVMs on the loopback interface, each on a free port, and connects to them.
     *
     * @param members the number of members, at least 1
     * @return the cluster, once every member has joined
     * @throws IOException when a member cannot start, or they have not formed a cluster within the start timeout
     */
    public static Cluster start(final int members) throws IOException {
        return builder().members(members).start();
    }

    /**
     * Connects to an existing cluster.
     *
     * @param clusterName the cluster's name
     * @param addresses   {@code host:port} of one or more of its members
     * @return the connection, once it reached a member
     * @throws IOException when no member could be reached within the start timeout
     */
    public static Cluster connect(final String clusterName, final String... addresses) throws IOException {
        return builder().name(clusterName).addresses(addresses).start();
    }

    /**
     * The cluster as a task running on one of its members sees it: the same named objects as every client's
     * ({@code Cluster.current().dict("scores")} inside a task is {@code cluster.dict("scores")} outside) and a pool,
     * reached through the member the task runs on. So the code of a task that shares state is the code that runs
     * against a {@code Manager}'s dict and lock, with the factory changed.
     *
     * <p>The view belongs to the member: its {@link #close()} does nothing, {@link #addresses()} and
     * {@link #memberProcesses()} are empty, and it is the same object on every call in one member.
     *
     * @return the cluster of the member this JVM is
     * @throws IllegalStateException when this JVM is not a cluster member (a client's code uses the {@code Cluster}
     *                               that {@link #start(int)} or {@link #connect(String, String...)} returned)
     */
    public static synchronized Cluster current() {
        final HazelcastInstance member = MemberInstance.get();
        if (member == null) {
            throw new IllegalStateException("this JVM is not a member of a cluster: Cluster.current() is for tasks"
                + " that run on a member; elsewhere, use the Cluster that start() or connect() returned");
        }
        if (current == null || current.client != member) {
            current = new Cluster(member.getConfig().getClusterName(), List.of(), List.of(), member, false);
        }
        return current;
    }

    /** @return a builder: the cluster's name, members to start, addresses to join, host, JVM options */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the cluster's name */
    public String name() {
        return name;
    }

    /** @return {@code host:port} of the members started here and the addresses given */
    public List<String> addresses() {
        return addresses;
    }

    /** @return the member processes started here, in order (a test may kill one) */
    public List<Process> memberProcesses() {
        return members;
    }

    /** @return the number of members in the cluster now */
    public int size() {
        return client.getCluster().getMembers().size();
    }

    /**
     * The Hazelcast client underneath, for what this class does not offer (other data structures, listeners).
     *
     * @return the client
     */
    public HazelcastInstance hazelcast() {
        return client;
    }

    /** @return a pool whose work runs on the members; closing it leaves the cluster running */
    public ClusterPool pool() {
        return new ClusterPool(dispatcher);
    }

    /**
     * @param name the map's name
     * @param <K>  the type of its keys
     * @param <V>  the type of its values
     * @return the cluster's map of that name (Hazelcast's {@code IMap}): atomic per key; no {@code null} keys or
     *         values; a value read is a copy
     */
    public <K, V> ConcurrentMap<K, V> dict(final String name) {
        return client.getMap(name);
    }

    /**
     * @param name the list's name
     * @param <E>  the type of its elements
     * @return the cluster's list of that name (Hazelcast's {@code IList}); its iterator walks a copy
     */
    public <E> List<E> list(final String name) {
        return client.getList(name);
    }

    /**
     * @param name the queue's name
     * @param <E>  the type of its elements
     * @return the cluster's queue of that name (Hazelcast's {@code IQueue}): unbounded unless the members configure
     *         it; a blocked {@code take()} is interrupted by this JVM's interrupt
     */
    public <E> BlockingQueue<E> queue(final String name) {
        return client.getQueue(name);
    }

    /**
     * A named lock of the cluster, on a key lock of a Hazelcast map (the community edition has no other lock that
     * frees itself). It belongs to the thread that took it and is re-entrant; another thread's {@code unlock()}
     * throws {@link IllegalMonitorStateException}. When the process of its holder dies, the lock is released: a
     * member's locks when the cluster drops the member; a client's when the members notice its connection ended and
     * keep it ended past the client clean-up timeout (3 seconds on members started here; 10 seconds by default on
     * others), since a client that reconnects in time keeps its locks. It has no {@code newCondition()}.
     *
     * @param name the lock's name
     * @return the lock
     */
    public Lock lock(final String name) {
        return new MapLock(client.getMap(LOCKS), name);
    }

    /**
     * @param name    the value's name
     * @param initial its value unless it is set already
     * @param <T>     its type
     * @return the cluster's value of that name
     */
    public <T> ClusterValue<T> value(final String name, final T initial) {
        return new ClusterValue<>(client.getMap(VALUES), name, initial);
    }

    /**
     * @param name the namespace's name
     * @return the cluster's namespace of that name
     */
    public ClusterNamespace namespace(final String name) {
        return new ClusterNamespace(client.getMap(NAMESPACE_PREFIX + name));
    }

    /**
     * Stops the members started here and disconnects. They leave gracefully (the whole cluster shuts down together
     * when they are all its members), so the members that stay log nothing; one that has not ended within 20 seconds
     * is terminated, and killed if it does not end within seconds more. The data they held goes with them unless
     * other members hold it. Does nothing on the view of {@link #current()}.
     */
    @Override
    public void close() {
        if (!ownsInstance) {
            return;
        }
        try {
            final boolean leaving = askMembersToLeave();
            client.shutdown();
            final long deadline = System.nanoTime() + MEMBER_LEAVING.toNanos();
            for (final Process member : members) {
                if (leaving) {
                    member.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            members.forEach(Process::terminate);
            members.forEach(Process::close);
        }
    }

    /**
     * Asks the members started here to leave gracefully: a member terminated outright is a failure to the others,
     * which log warnings about it. Best effort: a member that does not answer is terminated by {@link #close()}.
     */
    private boolean askMembersToLeave() throws InterruptedException {
        if (members.stream().noneMatch(Process::isAlive) || !client.getLifecycleService().isRunning()) {
            return false;
        }
        try {
            final IExecutorService control = client.getExecutorService(CONTROL_EXECUTOR);
            if (members.size() == addresses.size()) {
                for (final Future<Boolean> silenced
                    : control.submitToAllMembers(new MemberShutdown(MemberShutdown.Step.SILENCE)).values()) {
                    silenced.get(MEMBER_LEAVING.toMillis(), TimeUnit.MILLISECONDS);
                }
                control.submit(new MemberShutdown(MemberShutdown.Step.SHUT_DOWN_CLUSTER))
                    .get(MEMBER_LEAVING.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            }
            for (final Member member : client.getCluster().getMembers()) {
                final String hostPort = member.getAddress().getHost() + ":" + member.getAddress().getPort();
                if (addresses.subList(0, members.size()).contains(hostPort)) {
                    control.submitToMember(new MemberShutdown(MemberShutdown.Step.LEAVE), member)
                        .get(MEMBER_LEAVING.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            return true;
        } catch (final ExecutionException | TimeoutException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "members did not all leave gracefully; they are terminated", e);
            return false;
        }
    }

    @Override
    public String toString() {
        return "<Cluster " + name + " " + addresses + ">";
    }

    /**
     * Configures a cluster: its name, the members to start here, the addresses of members elsewhere, the interface
     * members bind, their JVM options.
     *
     * <p><b>Thread safety:</b> not thread-safe.
     */
    public static final class Builder {

        private String name = "mproc-" + UUID.randomUUID();
        private int memberCount;
        private final List<String> addresses = new ArrayList<>();
        private String host = InetAddress.getLoopbackAddress().getHostAddress();
        private final List<String> jvmOptions = new ArrayList<>();
        private int poolThreads;
        private Duration startTimeout = Duration.ofMinutes(2);

        private Builder() {
        }

        /**
         * @param name the cluster's name, which members and clients must share (default: a random one, so that two
         *             clusters on one network never merge by accident)
         * @return this builder
         */
        public Builder name(final String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * @param count member JVMs to start here, on free ports of {@link #host(String)} (default: none)
         * @return this builder
         */
        public Builder members(final int count) {
            if (count < 0) {
                throw new IllegalArgumentException("members must be at least 0, not " + count);
            }
            this.memberCount = count;
            return this;
        }

        /**
         * @param hostPorts {@code host:port} of members started elsewhere, which members started here join and this
         *                  JVM connects to
         * @return this builder
         */
        public Builder addresses(final String... hostPorts) {
            addresses.addAll(Arrays.asList(hostPorts));
            return this;
        }

        /**
         * @param address the IP address members started here bind and are reached at (default: loopback; give a
         *                network interface's address to be reached from other machines)
         * @return this builder
         */
        public Builder host(final String address) {
            this.host = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * @param options extra JVM options of the members started here, e.g. {@code "-Xmx512m"}
         * @return this builder
         */
        public Builder memberJvmOptions(final String... options) {
            jvmOptions.addAll(Arrays.asList(options));
            return this;
        }

        /**
         * @param threads threads of the pool's executor on each member started here (default: the member's CPUs)
         * @return this builder
         */
        public Builder poolThreadsPerMember(final int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("poolThreadsPerMember must be at least 1, not " + threads);
            }
            this.poolThreads = threads;
            return this;
        }

        /**
         * @param timeout how long {@link #start()} waits for the members to form a cluster and this JVM to reach it
         *                (default: 2 minutes)
         * @return this builder
         */
        public Builder startTimeout(final Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Starts the members (in parallel), connects this JVM to the cluster as a client, and waits until every
         * member started here has joined.
         *
         * @return the cluster
         * @throws IOException when a member cannot start or dies, or the cluster is not formed within the timeout
         */
        public Cluster start() throws IOException {
            if (memberCount == 0 && addresses.isEmpty()) {
                throw new IllegalStateException("a cluster needs members to start or addresses to connect to");
            }
            QuietLogging.apply();
            final List<String> own = new ArrayList<>();
            for (int i = 0; i < memberCount; i++) {
                own.add(host + ":" + freePort());
            }
            final List<String> all = new ArrayList<>(own);
            all.addAll(addresses);
            final List<Process> started = new ArrayList<>();
            try {
                for (int i = 0; i < memberCount; i++) {
                    started.add(startMember(i, own.get(i), all));
                }
                // A client that tries a member before it listens logs a warning per attempt: wait for them first.
                awaitListening(own, started);
                final HazelcastInstance client = HazelcastClient.newHazelcastClient(clientConfig(all));
                final Cluster cluster = new Cluster(name, List.copyOf(all), List.copyOf(started), client, true);
                awaitMembers(cluster, started);
                return cluster;
            } catch (final IOException | RuntimeException | Error e) {
                started.forEach(Process::close);
                throw e;
            }
        }

        private Process startMember(final int index, final String hostPort, final List<String> all)
            throws IOException {
            final int port = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
            // Members joining an existing cluster need not wait for each other.
            final MemberSettings settings = new MemberSettings(name, host, port, List.copyOf(all), poolThreads,
                POOL_EXECUTOR, addresses.isEmpty() ? memberCount : 1);
            final List<String> options = new ArrayList<>(MEMBER_FLAGS);
            options.addAll(jvmOptions);
            return Process.builder().name("cluster-member-" + index).daemon(true)
                .jvmOptions(options.toArray(String[]::new)).start(() -> MemberMain.run(settings));
        }

        private ClientConfig clientConfig(final List<String> all) {
            final ClientConfig config = new ClientConfig();
            config.setClusterName(name);
            config.setProperty(QuietLogging.TYPE_PROPERTY, QuietLogging.TYPE);
            config.getNetworkConfig().setAddresses(new ArrayList<>(all));
            config.getConnectionStrategyConfig().getConnectionRetryConfig()
                .setClusterConnectTimeoutMillis(startTimeout.toMillis());
            return config;
        }

        /** Waits on state: every member started here has joined, or one has died, or the time is up. */
        private void awaitMembers(final Cluster cluster, final List<Process> started) throws IOException {
            final long deadline = System.nanoTime() + startTimeout.toNanos();
            while (cluster.size() < started.size()) {
                for (final Process member : started) {
                    if (!member.isAlive()) {
                        cluster.close();
                        throw new IOException("cluster member " + member + " ended before the cluster formed, exit "
                            + "code " + member.exitCode());
                    }
                }
                if (System.nanoTime() - deadline >= 0) {
                    cluster.close();
                    throw new IOException(started.size() + " members did not form cluster " + name + " within "
                        + startTimeout + ": " + cluster.size() + " joined");
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
        }

        /** Waits on state: every member started here accepts connections, or one has died, or the time is up. */
        private void awaitListening(final List<String> own, final List<Process> started) throws IOException {
            final long deadline = System.nanoTime() + startTimeout.toNanos();
            for (int i = 0; i < own.size(); i++) {
                final String hostPort = own.get(i);
                final int port = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
                while (!accepts(port)) {
                    final Process member = started.get(i);
                    if (!member.isAlive()) {
                        throw new IOException("cluster member " + member + " ended before it listened on " + hostPort
                            + ", exit code " + member.exitCode());
                    }
                    if (System.nanoTime() - deadline >= 0) {
                        throw new IOException("cluster member " + member + " did not listen on " + hostPort
                            + " within " + startTimeout);
                    }
                    LockSupport.parkNanos(POLL_NANOS);
                }
            }
        }

        private boolean accepts(final int port) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(host, port), (int) Duration.ofSeconds(1).toMillis());
                return true;
            } catch (final IOException notYet) {
                return false;
            }
        }

        private int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
                return socket.getLocalPort();
            }
        }
    }
}
