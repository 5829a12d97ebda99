package dev.mproc.cluster.internal;

import dev.mproc.Job;
import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.Callable;

/** An {@code apply} run on a member. */
public final class JobCall implements Callable<Outcome>, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final Job<?> job;

    /** @param job the job */
    public JobCall(final Job<?> job) {
        this.job = job;
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
