package dev.mproc.shm;

import dev.mproc.shm.internal.ConditionDescriptor;
import dev.mproc.shm.internal.HeaderDescriptor;
import dev.mproc.shm.internal.Kind;
import dev.mproc.shm.internal.RobustMutex;
import dev.mproc.shm.internal.Segment;
import dev.mproc.shm.internal.Waiter;
import java.io.IOException;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.TimeUnit;

/**
 * A condition variable shared by processes (Python's {@code multiprocessing.Condition}), bound to a {@link Lock} or
 * {@link RLock}: {@code await} releases the lock, waits to be signalled, and takes the lock again; {@link #signal()}
 * wakes the longest-waiting thread of any process, {@link #signalAll()} every one. Up to 64 threads may wait at once.
 *
 * <p>As with any condition, wait in a loop on the state you need. A waiter whose process is killed is skipped by the
 * next {@code signal}; if the lock's owner is killed, the waiter takes the lock over and the lock's
 * {@code ownerDied()} says so.
 *
 * <p><b>Thread safety:</b> safe for concurrent use. <b>Process safety:</b> what a process does under the lock before
 * {@code signal} happens-before what the signalled waiter does once it holds the lock again. Awaiting or signalling
 * without holding the lock throws {@link IllegalMonitorStateException}. {@link #close()} is per process, and closes
 * this process's use of the lock when the condition made it.
 */
public final class Condition extends SharedObject implements java.util.concurrent.locks.Condition {

    private static final long serialVersionUID = 1L;

    private final transient AtomicBuffer buffer;
    private final transient java.util.concurrent.locks.Lock lock;
    private final transient RobustMutex mutex;
    private final transient boolean ownsLock;

    private Condition(final Segment segment, final java.util.concurrent.locks.Lock lock, final boolean ownsLock) {
        super(segment, Condition::attach);
        this.buffer = segment.buffer();
        this.lock = lock;
        this.mutex = ((RobustLock) lock).mutex;
        this.ownsLock = ownsLock;
    }

    /**
     * Creates a condition with a new {@link RLock} of its own, as Python's {@code Condition()} does.
     *
     * @return the condition; {@link #lock()} gives its lock
     * @throws IOException when a file cannot be made
     */
    public static Condition create() throws IOException {
        final RLock lock = RLock.create();
        try {
            return create(lock, lock.name(), Kind.RLOCK, true);
        } catch (final IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Creates a condition bound to a lock.
     *
     * @param lock the lock that guards the state waited for
     * @return the condition
     * @throws IOException when its file cannot be made
     */
    public static Condition create(final Lock lock) throws IOException {
        return create(lock, lock.name(), lock.segment.kind(), false);
    }

    /**
     * Creates a condition bound to a reentrant lock; {@code await} releases every hold and restores them.
     *
     * @param lock the lock that guards the state waited for
     * @return the condition
     * @throws IOException when its file cannot be made
     */
    public static Condition create(final RLock lock) throws IOException {
        return create(lock, lock.name(), Kind.RLOCK, false);
    }

    /**
     * Attaches to a condition created by another process, and to its lock.
     *
     * @param name its {@link #name()}
     * @return the condition
     * @throws IOException when there is no such condition or lock, or the name is of something else
     */
    public static Condition attach(final String name) throws IOException {
        final Segment segment = Segment.attach(name, Kind.CONDITION);
        try {
            final Kind kind = ConditionDescriptor.lockKind(segment.buffer());
            final String lockName = ConditionDescriptor.lockName(segment.buffer());
            final java.util.concurrent.locks.Lock lock = kind == Kind.RLOCK ? RLock.attach(lockName)
                : Lock.attach(lockName);
            return new Condition(segment, lock, true);
        } catch (final IOException | RuntimeException e) {
            segment.close();
            throw e;
        }
    }

    private static Condition create(final java.util.concurrent.locks.Lock lock, final String lockName,
                                    final Kind lockKind, final boolean ownsLock) throws IOException {
        if (lockKind != Kind.LOCK && lockKind != Kind.RLOCK) {
            throw new IllegalArgumentException("a condition needs a standalone Lock or RLock, not a value's lock");
        }
        final Segment segment = Segment.create(Kind.CONDITION, null, ConditionDescriptor.LENGTH,
            buffer -> ConditionDescriptor.initialise(buffer, lockKind, lockName));
        return new Condition(segment, lock, ownsLock);
    }

    /** @return the lock this condition is bound to (a {@link Lock} or an {@link RLock}) */
    public java.util.concurrent.locks.Lock lock() {
        return lock;
    }

    /**
     * Releases the lock and waits until signalled or interrupted, then takes the lock again.
     *
     * @throws InterruptedException when interrupted while waiting (the lock is held again)
     */
    @Override
    public void await() throws InterruptedException {
        await(Waiter.forever(true));
    }

    /** Releases the lock and waits until signalled, then takes the lock again; interruption is remembered. */
    @Override
    public void awaitUninterruptibly() {
        try {
            await(Waiter.forever(false));
        } catch (final InterruptedException e) {
            throw new AssertionError("an uninterruptible waiter threw", e);
        }
    }

    /**
     * Releases the lock and waits until signalled or the timeout passes, then takes the lock again.
     *
     * @param timeout how long to wait
     * @return false when the timeout passed without a signal
     * @throws InterruptedException when interrupted while waiting (the lock is held again)
     */
    public boolean await(final Duration timeout) throws InterruptedException {
        return await(Waiter.upTo(timeout));
    }

    /**
     * @param time how long to wait
     * @param unit the unit of {@code time}
     * @return false when the time passed without a signal
     * @throws InterruptedException when interrupted while waiting (the lock is held again)
     */
    @Override
    public boolean await(final long time, final TimeUnit unit) throws InterruptedException {
        return await(Duration.ofNanos(unit.toNanos(time)));
    }

    /**
     * @param nanosTimeout how long to wait, in nanoseconds
     * @return an estimate of the time left, 0 or less when it passed without a signal
     * @throws InterruptedException when interrupted while waiting (the lock is held again)
     */
    @Override
    public long awaitNanos(final long nanosTimeout) throws InterruptedException {
        final long start = System.nanoTime();
        final boolean signalled = await(Duration.ofNanos(nanosTimeout));
        final long left = nanosTimeout - (System.nanoTime() - start);
        return signalled ? Math.max(1, left) : Math.min(0, left);
    }

    /**
     * @param deadline when to stop waiting (wall-clock, epoch-based)
     * @return false when the deadline passed without a signal
     * @throws InterruptedException when interrupted while waiting (the lock is held again)
     */
    @Override
    public boolean awaitUntil(final Date deadline) throws InterruptedException {
        return await(Duration.ofMillis(deadline.getTime() - System.currentTimeMillis()));
    }

    /**
     * Wakes the longest-waiting thread, in any process, that is still alive.
     *
     * @throws IllegalMonitorStateException when the calling thread does not hold the lock
     */
    @Override
    public void signal() {
        ensureOpen();
        mutex.requireHeld();
        int oldest = -1;
        long oldestTicket = Long.MAX_VALUE;
        for (int slot = 0; slot < ConditionDescriptor.SLOTS; slot++) {
            final int offset = ConditionDescriptor.slotOffset(slot);
            final long waiter = buffer.getLongVolatile(offset);
            final long ticket = buffer.getLongVolatile(offset + Long.BYTES);
            if (waiter != 0 && ticket > 0 && ticket < oldestTicket) {
                if (segment.isPidAlive(waiter >>> 32)) {
                    oldest = slot;
                    oldestTicket = ticket;
                } else {
                    buffer.putLongVolatile(offset, 0);
                }
            }
        }
        if (oldest >= 0) {
            buffer.putLongVolatile(ConditionDescriptor.slotOffset(oldest) + Long.BYTES, ConditionDescriptor.SIGNALLED);
        }
    }

    /**
     * Wakes every waiting thread in every process.
     *
     * @throws IllegalMonitorStateException when the calling thread does not hold the lock
     */
    @Override
    public void signalAll() {
        ensureOpen();
        mutex.requireHeld();
        for (int slot = 0; slot < ConditionDescriptor.SLOTS; slot++) {
            final int offset = ConditionDescriptor.slotOffset(slot);
            if (buffer.getLongVolatile(offset) != 0 && buffer.getLongVolatile(offset + Long.BYTES) > 0) {
                buffer.putLongVolatile(offset + Long.BYTES, ConditionDescriptor.SIGNALLED);
            }
        }
    }

    @Override
    public void close() {
        if (ownsLock) {
            ((SharedObject) lock).close();
        }
        super.close();
    }

    private boolean await(final Waiter waiter) throws InterruptedException {
        ensureOpen();
        mutex.requireHeld();
        final int slot = claimSlot();
        final int ticketWord = ConditionDescriptor.slotOffset(slot) + Long.BYTES;
        final int holds = mutex.holds();
        mutex.release();
        InterruptedException interrupted = null;
        try {
            while (buffer.getLongVolatile(ticketWord) != ConditionDescriptor.SIGNALLED && waiter.idle()) {
                // Polled: another process cannot unpark this thread.
            }
        } catch (final InterruptedException e) {
            interrupted = e;
        }
        reacquire(holds);
        final boolean signalled = buffer.getLongVolatile(ticketWord) == ConditionDescriptor.SIGNALLED;
        buffer.putLongVolatile(ticketWord, 0);
        buffer.putLongVolatile(ConditionDescriptor.slotOffset(slot), 0);
        if (interrupted != null) {
            if (!signalled) {
                throw interrupted;
            }
            Thread.currentThread().interrupt();
        }
        return signalled;
    }

    private int claimSlot() {
        final int nextTicket = HeaderDescriptor.BODY_OFFSET + ConditionDescriptor.NEXT_TICKET_OFFSET;
        for (int slot = 0; slot < ConditionDescriptor.SLOTS; slot++) {
            final int offset = ConditionDescriptor.slotOffset(slot);
            final long waiter = buffer.getLongVolatile(offset);
            if (waiter == 0 || !segment.isPidAlive(waiter >>> 32)) {
                final long ticket = buffer.getLong(nextTicket) + 1;
                buffer.putLong(nextTicket, ticket);
                buffer.putLongVolatile(offset, RobustMutex.self());
                buffer.putLongVolatile(offset + Long.BYTES, ticket);
                return slot;
            }
        }
        throw new IllegalStateException(this + " has " + ConditionDescriptor.SLOTS + " waiters already");
    }

    private void reacquire(final int holds) {
        boolean interrupted = false;
        while (true) {
            try {
                mutex.acquire(Waiter.forever(false));
                break;
            } catch (final InterruptedException e) {
                interrupted = true;
            }
        }
        mutex.holds(holds);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
