package dev.mproc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mproc.cluster.internal.MemberMain;
import dev.mproc.cluster.internal.MemberSettings;
import dev.mproc.internal.JvmFlags;
import dev.mproc.testing.Await;
import dev.mproc.testing.NoLeaks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster whose members and client each have a network namespace of their own, joined by veth pairs to a bridge
 * (netns-cluster.sh says how), all inside one unprivileged user namespace and PID namespace: the members bind their
 * namespace's address and reach each other, and the client reaches them, only across namespaces. This JVM cannot
 * enter those namespaces, so the client is a JVM started there ({@link Client}), which writes what it saw to a file.
 * Skipped where user or network namespaces, a bridge or a veth pair cannot be made.
 */
@ExtendWith(NoLeaks.class)
@Timeout(240)
class ClusterNamespacesTest {

    private static final int MEMBERS = 3;
    private static final String SUBNET = "10.77.17.";
    private static final int PORT = 5701;
    /** The script's exit status when it cannot set the namespaces up. */
    private static final int CANNOT_SET_UP = 77;
    private static final List<String> UNSHARE = List.of("unshare", "--user", "--map-root-user", "--net", "--pid",
        "--fork", "--kill-child", "--mount-proc");

    @Test
    void shouldMapAndShareAcrossNetworkNamespaces(@TempDir final Path dir) throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "network namespaces are Linux's");
        assumeNamespaces(dir);
        final Path script = dir.resolve("netns-cluster.sh");
        try (InputStream in = ClusterNamespacesTest.class.getResourceAsStream("netns-cluster.sh")) {
            Files.copy(in, script);
        }
        // The cluster's name is in every command line there: what finds a process left behind.
        final String name = "mproc-netns-" + UUID.randomUUID();
        final List<String> command = new ArrayList<>(UNSHARE);
        command.addAll(List.of("sh", script.toString(), dir.toString(), Integer.toString(MEMBERS), name));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(Redirect.to(dir.resolve("hub.log").toFile()));
        final Map<String, String> env = builder.environment();
        env.put("NETNS_JAVA", JvmFlags.javaExecutable());
        env.put("NETNS_CLASS_PATH", System.getProperty("java.class.path"));
        final String tmp = "-Djava.io.tmpdir=" + dir;
        env.put("NETNS_MEMBER_OPTIONS", String.join(" ", Cluster.MEMBER_FLAGS) + " -Xmx256m " + tmp);
        env.put("NETNS_CLIENT_OPTIONS", "-Xmx256m " + tmp);
        env.put("NETNS_MEMBER_MAIN", Member.class.getName());
        env.put("NETNS_CLIENT_MAIN", Client.class.getName());
        final java.lang.Process hub = builder.start();
        final int exit;
        try {
            exit = hub.waitFor();
        } finally {
            // Killing unshare kills the namespace's first process, and with it every process in the namespace.
            hub.destroyForcibly();
            hub.waitFor();
        }
        if (exit == CANNOT_SET_UP) {
            abort(Files.readString(dir.resolve("hub.log")).strip());
        }
        assertEquals(0, exit, () -> "the client failed\n" + logs(dir));
        assertEquals(List.of(), left(name), "processes of the namespaces outlived them");

        final Properties seen = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve("results.properties"))) {
            seen.load(in);
        }
        final List<String> addresses = IntStream.rangeClosed(1, MEMBERS).mapToObj(i -> SUBNET + i)
            .collect(Collectors.toList());
        assertEquals(Integer.toString(MEMBERS), seen.getProperty("size"));
        assertEquals(addresses.stream().map(a -> a + ":" + PORT).collect(Collectors.joining(",")),
            seen.getProperty("members"));
        assertEquals(String.join(",", addresses), seen.getProperty("ranOn"));
        assertEquals(IntStream.range(0, 20).mapToObj(x -> Integer.toString(x * x)).collect(Collectors.joining(",")),
            seen.getProperty("squares"));
        assertEquals("put by the client", seen.getProperty("readBack"));
        assertEquals("put by the client", seen.getProperty("readOnMember"));
        // Four namespaces: one per member, one for the client, none of them this JVM's.
        final List<String> memberNamespaces = List.of(seen.getProperty("memberNetworkNamespaces").split(","));
        assertEquals(MEMBERS, memberNamespaces.size(), seen.getProperty("memberNetworkNamespaces"));
        final String client = seen.getProperty("clientNetworkNamespace");
        final String own = networkNamespace();
        assertFalse(memberNamespaces.contains(client), client);
        assertFalse(memberNamespaces.contains(own), own);
        assertNotEquals(own, client);
    }

    /** Skips unless a user namespace with its own network and PID namespaces can be made here. */
    private static void assumeNamespaces(final Path dir) throws Exception {
        final List<String> probe = new ArrayList<>(UNSHARE);
        probe.add("true");
        final Path out = dir.resolve("probe.log");
        final java.lang.Process unshare;
        try {
            unshare = new ProcessBuilder(probe).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        } catch (final IOException e) {
            abort("cannot run unshare: " + e.getMessage());
            return;
        }
        if (!unshare.waitFor(1, TimeUnit.MINUTES)) {
            unshare.destroyForcibly().waitFor();
            abort("unshare did not end");
        }
        if (unshare.exitValue() != 0) {
            abort(String.join(" ", probe) + " failed: " + Files.readString(out).strip());
        }
    }

    /** @return the live processes whose command line names the cluster */
    private static List<ProcessHandle> left(final String name) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
            .filter(p -> p.info().commandLine().orElse("").contains(name)).collect(Collectors.toList());
    }

    private static String logs(final Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            final StringBuilder all = new StringBuilder();
            for (final Path log : files.filter(f -> f.toString().endsWith(".log")).sorted()
                .collect(Collectors.toList())) {
                all.append("--- ").append(log.getFileName()).append('\n').append(Files.readString(log));
            }
            return all.toString();
        } catch (final IOException e) {
            return "(logs unreadable: " + e + ")";
        }
    }

    /** @return the identity of this process's network namespace, such as {@code net:[4026531840]} */
    static String networkNamespace() throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
    }

    /**
     * A member started in its network namespace by the script, as a {@code Cluster} starts one in a {@code Process}.
     * Arguments: the cluster's name, the address and port to bind, every member's {@code host:port}, comma-separated.
     * It serves until its namespace ends.
     */
    static final class Member {

        private Member() {
        }

        public static void main(final String[] args) throws InterruptedException {
            final List<String> all = List.of(args[3].split(","));
            MemberMain.run(new MemberSettings(args[0], args[1], Integer.parseInt(args[2]), all, 2,
                Cluster.POOL_EXECUTOR, all.size()));
        }
    }

    /**
     * The client, run in the hub's namespace: connects to the members, maps, puts and gets, and writes what it saw.
     * Arguments: the cluster's name, the file to write, every member's {@code host:port} and process id, each
     * comma-separated.
     */
    static final class Client {

        private Client() {
        }

        public static void main(final String[] args) throws Exception {
            final String[] addresses = args[2].split(",");
            awaitListening(addresses, args[3].split(","));
            final Properties seen = new Properties();
            try (Cluster cluster = Cluster.connect(args[0], addresses)) {
                Await.until("every member joined", () -> cluster.size() == addresses.length, Duration.ofMinutes(2));
                seen.setProperty("size", Integer.toString(cluster.size()));
                seen.setProperty("members", cluster.hazelcast().getCluster().getMembers().stream()
                    .map(m -> m.getAddress().getHost() + ":" + m.getAddress().getPort()).sorted()
                    .collect(Collectors.joining(",")));
                final ClusterPool pool = cluster.pool();
                final List<Integer> items = IntStream.range(0, 20).boxed().collect(Collectors.toList());
                seen.setProperty("squares", join(pool.map(x -> x * x, items)));
                final List<Integer> units = IntStream.range(0, 30).boxed().collect(Collectors.toList());
                seen.setProperty("ranOn", join(new TreeSet<>(pool.map(
                    x -> OnMember.member().getCluster().getLocalMember().getAddress().getHost(), units, 1))));
                seen.setProperty("memberNetworkNamespaces", join(new TreeSet<>(pool.map(
                    x -> networkNamespace(), units, 1))));
                final ConcurrentMap<String, String> dict = cluster.dict("netns");
                dict.put("greeting", "put by the client");
                seen.setProperty("readBack", dict.get("greeting"));
                seen.setProperty("readOnMember",
                    pool.apply(() -> OnMember.member().<String, String>getMap("netns").get("greeting")));
                seen.setProperty("clientNetworkNamespace", networkNamespace());
                pool.close();
            }
            try (OutputStream out = Files.newOutputStream(Path.of(args[1]))) {
                seen.store(out, null);
            }
        }

        /**
         * Waits until every member accepts connections, failing at once when one has ended (the client would retry
         * for minutes, and log a warning per attempt).
         */
        private static void awaitListening(final String[] addresses, final String[] pids) throws Exception {
            for (int i = 0; i < addresses.length; i++) {
                final String[] hostPort = addresses[i].split(":");
                final InetSocketAddress address = new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
                final ProcessHandle member = ProcessHandle.of(Long.parseLong(pids[i])).orElse(null);
                final int number = i + 1;
                Await.until("member " + number + " listens at " + address, () -> {
                    if (member == null || !member.isAlive()) {
                        throw new IllegalStateException("member " + number + " ended before it listened");
                    }
                    return accepts(address);
                }, Duration.ofMinutes(2));
            }
        }

        private static boolean accepts(final InetSocketAddress address) {
            try (Socket probe = new Socket()) {
                probe.connect(address, (int) Duration.ofSeconds(1).toMillis());
                return true;
            } catch (final IOException notYet) {
                return false;
            }
        }

        private static String join(final Iterable<?> values) {
            final List<String> all = new ArrayList<>();
            values.forEach(v -> all.add(String.valueOf(v)));
            return String.join(",", all);
        }
    }
}
