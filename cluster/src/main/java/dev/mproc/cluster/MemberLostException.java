package dev.mproc.cluster;

import dev.mproc.ProcessGoneException;
import java.io.Serial;

/**
 * A unit of a {@link ClusterPool}'s work could not finish because the members that ran it left the cluster (killed,
 * crashed, cut off) and no other member could take it, or the cluster is unreachable. A unit whose member leaves is
 * run again on another member first, at most {@link ClusterPool#MAX_ATTEMPTS} times in all; this is the failure once
 * that is over. One of the "the other process is gone" family, like the local pool's
 * {@link dev.mproc.WorkerLostException}.
 *
 * <p><b>Thread safety:</b> immutable. <b>Process safety:</b> serializable, as exceptions are.
 */
public final class MemberLostException extends ProcessGoneException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final int attempts;

    /**
     * @param message what was lost, naming the last member tried
     * @param attempts how many members the unit was sent to
     * @param cause   Hazelcast's report of the last loss
     */
    public MemberLostException(final String message, final int attempts, final Throwable cause) {
        super(message, cause);
        this.attempts = attempts;
    }

    /** @return how many members the unit was sent to before it failed */
    public int attempts() {
        return attempts;
    }
}
