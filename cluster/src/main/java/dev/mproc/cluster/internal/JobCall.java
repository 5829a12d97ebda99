package dev.mproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import dev.mproc.Job;
import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.Callable;

/** An {@code apply} run on a member. */
public final class JobCall implements Callable<Outcome>, Serializable, HazelcastInstanceAware {

    @Serial
    private static final long serialVersionUID = 1L;

    private final Job<?> job;

    /** @param job the job */
    public JobCall(final Job<?> job) {
        this.job = job;
    }

    /** Hazelcast hands the member that runs this unit: the tasks' {@code Cluster.current()}. */
    @Override
    public void setHazelcastInstance(final HazelcastInstance member) {
        MemberInstance.record(member);
    }

    @Override
    public Outcome call() {
        try {
            return Outcome.of(new Object[] {job.call()});
        } catch (final Exception | Error e) {
            return Outcome.failed(e);
        }
    }
}
