package dev.mproc.cluster.internal;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import java.util.concurrent.CountDownLatch;

/**
 * The life of a member process: start the member, then serve until it shuts down (asked by its {@code Cluster}'s
 * close) or the process ends (terminated, or with its parent, as every mproc child does).
 */
public final class MemberMain {

    private MemberMain() {
    }

    /**
     * Starts a member and serves until it shuts down.
     *
     * @param settings the member's settings
     * @throws InterruptedException when the task's thread is interrupted, which ends the member
     */
    public static void run(final MemberSettings settings) throws InterruptedException {
        QuietLogging.apply();
        final HazelcastInstance member = Hazelcast.newHazelcastInstance(settings.toConfig());
        MemberInstance.record(member);
        // Serve until the member shuts down (asked by its Cluster's close) or the process is ended.
        final CountDownLatch shutDown = new CountDownLatch(1);
        member.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                shutDown.countDown();
            }
        });
        // A shutdown before the listener was added shows here; one after it counts the latch down.
        if (member.getLifecycleService().isRunning()) {
            shutDown.await();
        }
    }
}
