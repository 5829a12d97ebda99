package dev.mproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;

/**
 * The Hazelcast member of this JVM, for {@code Cluster.current()}: recorded by {@link MemberMain} when mproc started
 * the member, and by every pool unit that Hazelcast hands its member to (so members started elsewhere count too).
 * Asking Hazelcast's own registry instead would load its instance factory, which warns in a JVM without the member
 * flags: a client's.
 *
 * <p><b>Thread safety:</b> safe for use by several threads.
 */
public final class MemberInstance {

    private static volatile HazelcastInstance member;

    private MemberInstance() {
    }

    /**
     * Records the member of this JVM, unless one that is still running is recorded (a JVM hosts one member in
     * practice; the first stays, so that its views stay the same object).
     *
     * @param instance the member
     */
    public static synchronized void record(final HazelcastInstance instance) {
        final HazelcastInstance recorded = member;
        if (recorded == null || !recorded.getLifecycleService().isRunning()) {
            member = instance;
        }
    }

    /** @return the member of this JVM, or {@code null} when there is none running */
    public static HazelcastInstance get() {
        final HazelcastInstance recorded = member;
        return recorded != null && recorded.getLifecycleService().isRunning() ? recorded : null;
    }
}
