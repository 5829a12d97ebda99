package dev.mproc.shm;

import dev.mproc.shm.internal.HeaderDescriptor;
import dev.mproc.shm.internal.Kind;
import dev.mproc.shm.internal.LockDescriptor;
import dev.mproc.shm.internal.Segment;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A reentrant lock shared by processes (Python's {@code multiprocessing.RLock}): the owning thread may lock it again,
 * and must unlock it as many times. Robust against its owner's death like {@link Lock}: when the owning process is
 * killed, a waiter takes it over within a few milliseconds (with a hold count of one) and {@link #ownerDied()} tells
 * it so. Only the owning thread may unlock it ({@link IllegalMonitorStateException} otherwise). Waiting spins
 * briefly, yields, then parks in short, growing naps (at most 0.5 ms).
 *
 * <p><b>Thread safety:</b> safe for concurrent use by any number of threads. <b>Process safety:</b> every process
 * that has it excludes every other; the last unlock happens-before the next successful lock in any process. A
 * process that dies holding it loses it to the next waiter. {@link #close()} is per process; the file goes when its
 * last live user closes it.
 */
public final class RLock extends RobustLock {

    private static final long serialVersionUID = 1L;

    private RLock(final Segment segment, final int offset) {
        super(segment, offset, attacher(segment.kind(), offset));
    }

    private static Attacher<RLock> attacher(final Kind kind, final int offset) {
        return name -> new RLock(Segment.attach(name, kind), offset);
    }

    /**
     * Creates a new, unlocked lock.
     *
     * @return the lock
     * @throws IOException when its file cannot be made
     */
    public static RLock create() throws IOException {
        return new RLock(Segment.create(Kind.RLOCK, null, LockDescriptor.LENGTH,
            buffer -> LockDescriptor.initialise(buffer, HeaderDescriptor.BODY_OFFSET)), HeaderDescriptor.BODY_OFFSET);
    }

    /**
     * Attaches to a lock created by another process.
     *
     * @param name its {@link #name()}
     * @return the lock
     * @throws IOException when there is no such lock, or the name is of something else
     */
    public static RLock attach(final String name) throws IOException {
        return new RLock(Segment.attach(name, Kind.RLOCK), HeaderDescriptor.BODY_OFFSET);
    }

    /**
     * Releases one hold of the lock; the last one frees it.
     *
     * @throws IllegalMonitorStateException when the calling thread does not hold it
     */
    @Override
    public void unlock() {
        mutex.requireHeld();
        final int holds = mutex.holds();
        if (holds > 1) {
            mutex.holds(holds - 1);
        } else {
            mutex.release();
        }
    }

    /** @return how many holds the calling thread has on this lock (0 when it does not hold it) */
    public int getHoldCount() {
        return mutex.isHeldByCurrentThread() ? mutex.holds() : 0;
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
            mutex.holds(mutex.holds() + 1);
            return true;
        }
        return false;
    }
}
