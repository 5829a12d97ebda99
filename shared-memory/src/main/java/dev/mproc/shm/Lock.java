package dev.mproc.shm;

import dev.mproc.shm.internal.HeaderDescriptor;
import dev.mproc.shm.internal.Kind;
import dev.mproc.shm.internal.LockDescriptor;
import dev.mproc.shm.internal.Segment;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A mutual-exclusion lock shared by processes (Python's {@code multiprocessing.Lock}), robust against its owner's
 * death: when the process holding it is killed, a waiter takes it over within a few milliseconds and
 * {@link #ownerDied()} tells it so, as pthread's {@code EOWNERDEAD} does, since what the lock guarded may be half
 * updated. Python's lock would stay held forever.
 *
 * <pre>{@code
 * Lock lock = Lock.create();
 * lock.lock();
 * try {
 *     if (lock.ownerDied()) { repair(); }
 *     update();
 * } finally {
 *     lock.unlock();
 * }
 * }</pre>
 *
 * <p>Unlike Python's, it has an owner: only the thread that locked it may unlock it
 * ({@link IllegalMonitorStateException} otherwise), and it is not reentrant: locking it again from the owning thread
 * throws {@link IllegalStateException} instead of deadlocking (use {@link RLock}). A blocked thread spins briefly,
 * then yields, then parks in short, growing naps (at most 0.5 ms), so it costs well under 1% of a core and notices a
 * release within about half a millisecond.
 *
 * <p><b>Thread safety:</b> safe for concurrent use by any number of threads. <b>Process safety:</b> every process
 * that has it (created, attached, or received in a task) excludes every other; unlocking happens-before the next
 * successful lock in any process. A process that dies holding it loses it to the next waiter. {@link #close()} is per
 * process; the file goes when its last live user closes it.
 */
public final class Lock extends RobustLock {

    private static final long serialVersionUID = 1L;

    private Lock(final Segment segment, final int offset) {
        super(segment, offset, attacher(segment.kind(), offset));
    }

    private static Attacher<Lock> attacher(final Kind kind, final int offset) {
        return name -> new Lock(Segment.attach(name, kind), offset);
    }

    /**
     * Creates a new, unlocked lock.
     *
     * @return the lock
     * @throws IOException when its file cannot be made
     */
    public static Lock create() throws IOException {
        return new Lock(Segment.create(Kind.LOCK, null, LockDescriptor.LENGTH,
            buffer -> LockDescriptor.initialise(buffer, HeaderDescriptor.BODY_OFFSET)), HeaderDescriptor.BODY_OFFSET);
    }

    /**
     * Attaches to a lock created by another process.
     *
     * @param name its {@link #name()}
     * @return the lock
     * @throws IOException when there is no such lock, or the name is of something else
     */
    public static Lock attach(final String name) throws IOException {
        return new Lock(Segment.attach(name, Kind.LOCK), HeaderDescriptor.BODY_OFFSET);
    }

    /** A view of the lock area inside another object's file (a value's lock); holds its own use of the file. */
    static Lock within(final Segment segment, final int offset) {
        segment.retain();
        return new Lock(segment, offset);
    }

    /**
     * Releases the lock.
     *
     * @throws IllegalMonitorStateException when the calling thread does not hold it
     */
    @Override
    public void unlock() {
        mutex.release();
    }

    /**
     * Creates a new cross-process {@link Condition} bound to this lock.
     *
     * @return the condition
     * @throws UncheckedIOException when its file cannot be made
     */
    @Override
    public Condition newCondition() {
        try {
            return Condition.create(this);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    boolean reenter() {
        if (mutex.isHeldByCurrentThread()) {
            throw new IllegalStateException(this + " is not reentrant and the calling thread holds it already;"
                + " use an RLock");
        }
        return false;
    }
}
