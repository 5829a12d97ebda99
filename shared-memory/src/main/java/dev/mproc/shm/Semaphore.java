package dev.mproc.shm;

import dev.mproc.shm.internal.Kind;
import dev.mproc.shm.internal.Segment;
import java.io.IOException;

/**
 * A counting semaphore shared by processes (Python's {@code multiprocessing.Semaphore}): {@link #acquire()} takes a
 * permit, waiting while there is none; {@link #release()} gives one back, from any thread of any process. A waiter
 * spins briefly, yields, then parks in short, growing naps (at most 0.5 ms).
 *
 * <p><b>Thread safety:</b> safe for concurrent use. <b>Process safety:</b> a release happens-before the acquire
 * that takes its permit, in any process. Permits have no owner: a process killed while holding permits does not
 * return them (use a {@link Lock} when that matters). {@link #close()} is per process; the file goes when its last
 * live user closes it.
 */
public final class Semaphore extends CountingSemaphore {

    private static final long serialVersionUID = 1L;

    private Semaphore(final Segment segment) {
        super(segment, Semaphore::attach);
    }

    /**
     * Creates a semaphore.
     *
     * @param permits the initial number of permits, 0 or more
     * @return the semaphore
     * @throws IOException when its file cannot be made
     */
    public static Semaphore create(final int permits) throws IOException {
        return new Semaphore(Permits.create(Kind.SEMAPHORE, permits, Integer.MAX_VALUE));
    }

    /**
     * Attaches to a semaphore created by another process.
     *
     * @param name its {@link #name()}
     * @return the semaphore
     * @throws IOException when there is no such semaphore, or the name is of something else
     */
    public static Semaphore attach(final String name) throws IOException {
        return new Semaphore(Segment.attach(name, Kind.SEMAPHORE));
    }
}
