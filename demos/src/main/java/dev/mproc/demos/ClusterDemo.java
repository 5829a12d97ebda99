package dev.mproc.demos;

import dev.mproc.Pool;
import dev.mproc.Process;
import dev.mproc.cluster.Cluster;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Examples 2 and 9 of the article on a cluster: three Hazelcast member JVMs on this machine, this JVM a client. The
 * {@code Pool.map} of squares and the fan-out helper run unchanged but for the factory ({@code cluster.pool()} for
 * {@code Pool.create(4)}; the cluster's dict and lock for a Manager's), and print what the local ones print.
 */
public final class ClusterDemo implements Demo {

    private static final int MEMBERS = 3;

    /** The JDK release from which a first use of {@code sun.misc.Unsafe} prints a warning by default (JEP 498). */
    private static final int UNSAFE_WARNING_SINCE = 24;

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public String title() {
        return "Pool.map and the fan-out helper on a cluster of 3 member JVMs (Hazelcast), not one machine's pool";
    }

    @Override
    public String pythonIdea() {
        return "Python's answer beyond one machine is a remote Manager (BaseManager over TCP): one server, one point of"
            + " failure. Here the pool's factory changes and the program stays.";
    }

    @Override
    public void run(final PrintStream out, final double speed) throws Exception {
        final long latency = (long) (1000 / speed);
        if (Runtime.version().feature() < UNSAFE_WARNING_SINCE) {
            onCluster(out, latency);
            return;
        }
        out.println("(on JDK 24 and later, Hazelcast 5.7's client uses sun.misc.Unsafe, which the JDK warns about in"
            + " a JVM without --sun-misc-unsafe-memory-access=allow, hazelcast/hazelcast#26608; so this demo's client"
            + " runs in a child JVM that has the option)");
        out.flush();
        try (Process client = Process.builder().name("cluster-client")
            .jvmOptions("--sun-misc-unsafe-memory-access=allow").start(() -> onCluster(System.out, latency))) {
            client.join();
            if (client.exitCode().orElse(-1) != 0) {
                throw new IllegalStateException("the cluster demo's client failed with exit code "
                    + client.exitCode().orElse(-1) + "; its error is on standard error");
            }
        }
    }

    private static void onCluster(final PrintStream out, final long latency) throws Exception {
        long start = System.nanoTime();
        try (Cluster cluster = Cluster.builder().members(MEMBERS).memberJvmOptions("-Xmx256m").start()) {
            out.printf(Locale.ROOT, "%d members joined in %.1f s, at %s; this JVM is a client%n", cluster.size(),
                seconds(start), cluster.addresses());

            out.println("example 2, Pool.map of squares with 1 s sleeps, on cluster.pool() instead of Pool.create(4):");
            start = System.nanoTime();
            final List<Integer> squares;
            try (Pool pool = cluster.pool()) {
                squares = pool.map(x -> {
                    Thread.sleep(latency);
                    return x * x;
                }, List.of(1, 2, 3, 4, 5, 6));
            }
            out.printf(Locale.ROOT, "  %s in %.2f s on %d members; the local pool's result: %s%n", squares,
                seconds(start), MEMBERS, squares.equals(List.of(1, 4, 9, 16, 25, 36)));

            final FanOutHelper helper = FanOut.orionCalls(latency);
            out.println("example 9, the fan-out helper: a task per call on the members, results filed under their key"
                + " in the cluster's dict, under the cluster's lock:");
            start = System.nanoTime();
            final Map<String, List<Object>> filed = helper.runAllOn(cluster);
            final double helperSeconds = seconds(start);
            FanOut.print(out, filed);

            start = System.nanoTime();
            final Map<String, List<Object>> returned;
            try (Pool pool = cluster.pool()) {
                returned = helper.mapOn(pool);
            }
            out.printf(Locale.ROOT, "helper on the cluster: %.2f s; a cluster pool returning the results: %.2f s;"
                + " the same results as each other and as the local helper's: %s%n", helperSeconds, seconds(start),
                FanOut.sorted(filed).equals(FanOut.sorted(returned))
                    && FanOut.sorted(filed).equals(FanOut.sorted(FanOut.expected())));
        }
        out.println("The members' tasks ran the same code as the local ones: a lambda, a ConcurrentMap and a Lock."
            + " Closing the cluster stopped its members.");
    }

    private static double seconds(final long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Runs this demo alone.
     *
     * @param args ignored
     * @throws Exception when it fails
     */
    public static void main(final String[] args) throws Exception {
        new ClusterDemo().run(System.out, 1);
    }
}
