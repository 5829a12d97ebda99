package dev.mproc.cluster.internal;

import com.hazelcast.core.Hazelcast;
import java.util.concurrent.CountDownLatch;

/**
 * The life of a member process: start the member, then serve until the process ends (terminated by its
 * {@code Cluster}, or with its parent, as every mproc child does).
 */
public final class MemberMain {

    private MemberMain() {
    }

    /**
     * Starts a member and blocks for ever.
     *
     * @param settings the member's settings
     * @throws InterruptedException when the task's thread is interrupted, which ends the member
     */
    public static void run(final MemberSettings settings) throws InterruptedException {
        QuietLogging.apply();
        MemberInstance.record(Hazelcast.newHazelcastInstance(settings.toConfig()));
        new CountDownLatch(1).await();
    }
}
