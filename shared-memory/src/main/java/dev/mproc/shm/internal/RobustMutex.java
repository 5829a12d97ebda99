package dev.mproc.shm.internal;

import dev.mproc.shm.AtomicBuffer;

/**
 * A mutual-exclusion word in shared memory ({@link LockDescriptor}) that names its owner, process and thread, so
 * that a waiter can take it over when the owning process has died (pthread's robust mutex, {@code EOWNERDEAD}).
 *
 * <p><b>Thread safety:</b> safe for concurrent use. <b>Process safety:</b> any process that has the file mapped may
 * use it; a dead owner is detected by a waiter within {@link Waiter#LIVENESS_PERIOD_NANOS} of waiting.
 */
public final class RobustMutex {

    private static final System.Logger LOG = System.getLogger(RobustMutex.class.getName());
    private static final long PID_PART = Pids.selfPid() << 32;

    private final Segment segment;
    private final AtomicBuffer buffer;
    private final int owner;
    private final int holds;
    private final int recovered;
    private final int recoveries;
    private final int waiters;

    /**
     * @param segment the file holding the lock area
     * @param offset  the lock area's offset in the file
     */
    public RobustMutex(final Segment segment, final int offset) {
        this.segment = segment;
        this.buffer = segment.buffer();
        this.owner = offset + LockDescriptor.OWNER_OFFSET;
        this.holds = offset + LockDescriptor.HOLDS_OFFSET;
        this.recovered = offset + LockDescriptor.RECOVERED_OFFSET;
        this.recoveries = offset + LockDescriptor.RECOVERIES_OFFSET;
        this.waiters = offset + LockDescriptor.WAITERS_OFFSET;
    }

    /** @return the owner word naming the calling thread of this process */
    public static long self() {
        return PID_PART | (Thread.currentThread().getId() & 0xFFFF_FFFFL);
    }

    /**
     * Takes the lock if it is free or its owner is dead, without waiting.
     *
     * @return whether the calling thread now holds it
     */
    public boolean tryAcquire() {
        if (tryAcquireFree()) {
            return true;
        }
        final long me = self();
        final long current = buffer.getLongVolatile(owner);
        return current != 0 && current != me && !segment.isPidAlive(current >>> 32) && take(current, me, true);
    }

    /**
     * Takes the lock if it is free, and nothing more: no clock, no liveness check, nothing allocated. The fast path
     * of every acquisition, tried before a {@link Waiter} is built.
     *
     * @return whether the calling thread now holds it
     */
    public boolean tryAcquireFree() {
        return buffer.getLongVolatile(owner) == 0 && take(0, self(), false);
    }

    /**
     * Takes the lock, waiting as the waiter says.
     *
     * @param waiter how to wait, and for how long
     * @return false when the waiter's deadline passed first
     * @throws InterruptedException when the waiter is interruptible and the thread was interrupted
     */
    public boolean acquire(final Waiter waiter) throws InterruptedException {
        final long me = self();
        boolean counted = false;
        try {
            while (true) {
                final long current = buffer.getLongVolatile(owner);
                if (current == 0) {
                    if (take(0, me, false)) {
                        return true;
                    }
                    continue;
                }
                if (waiter.livenessCheckDue() && !segment.isPidAlive(current >>> 32) && take(current, me, true)) {
                    return true;
                }
                if (!counted) {
                    buffer.getAndAddInt(waiters, 1);
                    counted = true;
                }
                if (!waiter.idle()) {
                    return false;
                }
            }
        } finally {
            if (counted) {
                buffer.getAndAddInt(waiters, -1);
            }
        }
    }

    /** Frees the lock; the caller must hold it. */
    public void release() {
        requireHeld();
        buffer.putLongRelease(owner, 0);
    }

    /** @return whether the calling thread holds the lock */
    public boolean isHeldByCurrentThread() {
        return buffer.getLongVolatile(owner) == self();
    }

    /** @return whether any thread of any process holds the lock */
    public boolean isLocked() {
        return buffer.getLongVolatile(owner) != 0;
    }

    /** @return the hold count; meaningful to the owner only */
    public int holds() {
        return buffer.getInt(holds);
    }

    /** @param count the new hold count; the caller must hold the lock */
    public void holds(final int count) {
        buffer.putInt(holds, count);
    }

    /** @return whether the current owner took the lock over from a dead process; meaningful to the owner only */
    public boolean recovered() {
        return buffer.getInt(recovered) != 0;
    }

    /** @return how many threads of all processes wait for the lock (an estimate: see {@link LockDescriptor}) */
    public int waiters() {
        return buffer.getIntVolatile(waiters);
    }

    /** @return how many times the lock was taken over from a dead process */
    public long recoveries() {
        return buffer.getLongVolatile(recoveries);
    }

    /** @throws IllegalMonitorStateException when the calling thread does not hold the lock */
    public void requireHeld() {
        if (!isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("the calling thread does not hold this lock ("
                + segment + "); held by " + describe(buffer.getLongVolatile(owner)));
        }
    }

    private boolean take(final long expected, final long me, final boolean fromDead) {
        if (!buffer.compareAndSetLong(owner, expected, me)) {
            return false;
        }
        buffer.putInt(recovered, fromDead ? 1 : 0);
        buffer.putInt(holds, 1);
        if (fromDead) {
            buffer.getAndAddLong(recoveries, 1);
            // The pid as text: a number argument would be formatted with grouping separators ("8,025").
            LOG.log(System.Logger.Level.INFO, "{0}: took over the lock of dead process {1}", segment,
                Long.toString(expected >>> 32));
        }
        return true;
    }

    private static String describe(final long word) {
        return word == 0 ? "nobody" : "thread " + (word & 0xFFFF_FFFFL) + " of process " + (word >>> 32);
    }
}
