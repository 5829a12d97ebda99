package dev.mproc.shm;

import dev.mproc.shm.internal.Kind;
import dev.mproc.shm.internal.Segment;
import java.io.IOException;

/**
 * A semaphore that may never hold more permits than it started with (Python's
 * {@code multiprocessing.BoundedSemaphore}): a {@link #release()} beyond that bound throws
 * {@link IllegalStateException}, which catches a release without a matching acquire. Otherwise as {@link Semaphore}.
 *
 * <p><b>Thread safety:</b> safe for concurrent use. <b>Process safety:</b> a release happens-before the acquire
 * that takes its permit, in any process. Permits have no owner: a process killed while holding permits does not
 * return them. {@link #close()} is per process; the file goes when its last live user closes it.
 */
public final class BoundedSemaphore extends CountingSemaphore {

    private static final long serialVersionUID = 1L;

    private BoundedSemaphore(final Segment segment) {
        super(segment, BoundedSemaphore::attach);
    }

    /**
     * Creates a bounded semaphore.
     *
     * @param permits the initial, and greatest, number of permits, 0 or more
     * @return the semaphore
     * @throws IOException when its file cannot be made
     */
    public static BoundedSemaphore create(final int permits) throws IOException {
        return new BoundedSemaphore(Permits.create(Kind.BOUNDED_SEMAPHORE, permits, permits));
    }

    /**
     * Attaches to a semaphore created by another process.
     *
     * @param name its {@link #name()}
     * @return the semaphore
     * @throws IOException when there is no such semaphore, or the name is of something else
     */
    public static BoundedSemaphore attach(final String name) throws IOException {
        return new BoundedSemaphore(Segment.attach(name, Kind.BOUNDED_SEMAPHORE));
    }
}
