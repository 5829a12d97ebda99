package dev.mproc.shm;

import dev.mproc.shm.internal.HeaderDescriptor;
import dev.mproc.shm.internal.Kind;
import dev.mproc.shm.internal.LockDescriptor;
import dev.mproc.shm.internal.RobustMutex;
import dev.mproc.shm.internal.Segment;
import dev.mproc.shm.internal.Waiter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

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
public final class Lock extends SharedObject implements java.util.concurrent.locks.Lock {

    private static final long serialVersionUID = 1L;

    private final transient RobustMutex mutex;

    private Lock(final Segment segment, final int offset) {
        super(segment, attacher(segment.kind(), offset));
        this.mutex = new RobustMutex(segment, offset);
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

    /** Acquires the lock, waiting as long as it takes; interruption is remembered, not thrown. */
    @Override
    public void lock() {
        requireNotHeld();
        boolean interrupted = false;
        while (true) {
            try {
                mutex.acquire(Waiter.forever(true));
                break;
            } catch (final InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Acquires the lock unless the thread is interrupted.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    @Override
    public void lockInterruptibly() throws InterruptedException {
        requireNotHeld();
        mutex.acquire(Waiter.forever(true));
    }

    /**
     * Acquires the lock if it is free now (or its owner is dead).
     *
     * @return whether it was acquired
     */
    @Override
    public boolean tryLock() {
        requireNotHeld();
        return mutex.tryAcquire();
    }

    /**
     * Acquires the lock, waiting at most the given time.
     *
     * @param timeout how long to wait
     * @return whether it was acquired
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean tryLock(final Duration timeout) throws InterruptedException {
        requireNotHeld();
        return mutex.acquire(Waiter.upTo(timeout));
    }

    /**
     * Acquires the lock, waiting at most the given time.
     *
     * @param time how long to wait
     * @param unit the unit of {@code time}
     * @return whether it was acquired
     * @throws InterruptedException when interrupted while waiting
     */
    @Override
    public boolean tryLock(final long time, final TimeUnit unit) throws InterruptedException {
        return tryLock(Duration.ofNanos(unit.toNanos(time)));
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
     * Whether the calling thread's hold of this lock was taken over from a process that died holding it; the data it
     * guards may then be inconsistent.
     *
     * @return true when the previous owner died
     * @throws IllegalMonitorStateException when the calling thread does not hold the lock
     */
    public boolean ownerDied() {
        mutex.requireHeld();
        return mutex.recovered();
    }

    /** @return whether the calling thread holds this lock */
    public boolean isHeldByCurrentThread() {
        return mutex.isHeldByCurrentThread();
    }

    /** @return whether any thread of any process holds this lock (a snapshot) */
    public boolean isLocked() {
        return mutex.isLocked();
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

    RobustMutex mutex() {
        return mutex;
    }

    private void requireNotHeld() {
        ensureOpen();
        if (mutex.isHeldByCurrentThread()) {
            throw new IllegalStateException(this + " is not reentrant and the calling thread holds it already;"
                + " use an RLock");
        }
    }
}
