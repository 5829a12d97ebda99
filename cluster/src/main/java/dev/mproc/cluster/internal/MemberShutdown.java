package dev.mproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * Sent by a closing {@code Cluster} to the members it started, so that they go without a word: a member that vanishes
 * is a failure to the members still up, which log warnings about it. When every member is the closing
 * {@code Cluster}'s, each first {@linkplain Step#SILENCE silences} Hazelcast's logging (the whole cluster is going),
 * then one {@linkplain Step#SHUT_DOWN_CLUSTER shuts the cluster down}; otherwise each of its members
 * {@linkplain Step#LEAVE leaves} gracefully, which the others see as a departure. The leaving runs on a thread of its
 * own, so the answer reaches the client before the member goes.
 */
public final class MemberShutdown implements Callable<Boolean>, Serializable, HazelcastInstanceAware {

    /** What a member is asked to do. */
    public enum Step {
        /** Log nothing more: the whole cluster is about to shut down. */
        SILENCE,
        /** Shut the whole cluster down, every member together. */
        SHUT_DOWN_CLUSTER,
        /** Leave the cluster gracefully, alone. */
        LEAVE
    }

    @Serial
    private static final long serialVersionUID = 1L;

    private final Step step;
    private transient HazelcastInstance member;

    /** @param step what the member is asked to do */
    public MemberShutdown(final Step step) {
        this.step = step;
    }

    @Override
    public void setHazelcastInstance(final HazelcastInstance instance) {
        this.member = instance;
    }

    @Override
    public Boolean call() {
        if (step == Step.SILENCE) {
            QuietLogging.silence();
            return Boolean.TRUE;
        }
        final HazelcastInstance leaving = member;
        final Thread shutdown = new Thread(() -> {
            try {
                if (step == Step.SHUT_DOWN_CLUSTER) {
                    leaving.getCluster().shutdown();
                } else {
                    leaving.shutdown();
                }
            } catch (final RuntimeException e) {
                // A cluster that cannot shut down as one (a member joining, partitions migrating) still lets this
                // member leave on its own.
                System.getLogger(MemberShutdown.class.getName()).log(System.Logger.Level.DEBUG,
                    "the cluster could not shut down as one; this member leaves alone", e);
                leaving.shutdown();
            }
        }, "mproc-member-shutdown");
        shutdown.setDaemon(true);
        shutdown.start();
        return Boolean.TRUE;
    }
}
