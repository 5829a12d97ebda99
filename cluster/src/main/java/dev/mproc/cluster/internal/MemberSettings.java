package dev.mproc.cluster.internal;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * What a member started by a {@code Cluster} needs to know, sent to its JVM with its task: the cluster's name, the
 * interface and port it binds, the addresses it joins by TCP-IP (never multicast), its pool's thread count.
 *
 * @param clusterName  the cluster's name
 * @param host         the interface to bind, an IP address
 * @param port         the port to bind (no auto-increment: the others were told this one)
 * @param members      every member's {@code host:port}, this one's included
 * @param poolThreads  threads of the pool's executor on this member
 * @param executorName the name of the pool's executor
 * @param startedWith  the number of members started together with this one, itself included: it serves once they
 *                     have all joined, so that no smaller cluster forms first and serves clients
 */
public record MemberSettings(String clusterName, String host, int port, List<String> members, int poolThreads,
                             String executorName, int startedWith) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** How long a member keeps a client's locks after its connection ended, in case it reconnects. */
    static final String CLIENT_CLEANUP_TIMEOUT_MILLIS = "3000";

    /** @return the member's Hazelcast configuration */
    public Config toConfig() {
        final Config config = new Config();
        config.setClusterName(clusterName);
        config.setProperty(QuietLogging.TYPE_PROPERTY, QuietLogging.TYPE);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        // A member that is told to stop (or whose parent died) stops at once; the cluster re-balances without it.
        config.setProperty("hazelcast.shutdownhook.policy", "TERMINATE");
        config.setProperty("hazelcast.socket.bind.any", "false");
        // Free a dead client's locks within seconds (default: 10 s), checked every second.
        config.setProperty("hazelcast.client.cleanup.timeout.millis", CLIENT_CLEANUP_TIMEOUT_MILLIS);
        config.setProperty("hazelcast.client.cleanup.period.millis", "1000");
        config.setProperty("hazelcast.initial.min.cluster.size", Integer.toString(startedWith));
        final NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface(host);
        final JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(members);
        config.getExecutorConfig(executorName)
            .setPoolSize(poolThreads > 0 ? poolThreads : Runtime.getRuntime().availableProcessors());
        return config;
    }
}
