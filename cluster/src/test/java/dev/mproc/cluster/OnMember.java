package dev.mproc.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.mproc.testing.Await;
import java.time.Duration;

/** What a test's task does on a member: reach the member's own Hazelcast instance, wait for the test's go. */
final class OnMember {

    private OnMember() {
    }

    /** @return the Hazelcast member of the JVM this runs in */
    static HazelcastInstance member() {
        return Hazelcast.getAllHazelcastInstances().iterator().next();
    }

    /** Waits, on a member, until the test has put {@code flag} into the map {@code flags}. */
    static void awaitFlag(final String flag) throws Exception {
        Await.until("the test's flag " + flag, () -> member().getMap("flags").containsKey(flag),
            Duration.ofMinutes(5));
    }
}
