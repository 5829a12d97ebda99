package dev.mproc.manager.internal;

import dev.mproc.manager.internal.CallContext.Owner;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * The server's side of a lock: owned by one client thread ({@link Owner}), reentrant or not, released when the
 * owner's process disconnects. Waits are in slices so that a waiter whose client died gives up.
 */
final class ServedLock implements Lock {

    private final boolean reentrant;
    private Owner owner;
    private int holds;

    ServedLock(final boolean reentrant) {
        this.reentrant = reentrant;
    }

    @Override
    public void lock() {
        acquire(Long.MAX_VALUE);
    }

    @Override
    public void lockInterruptibly() {
        acquire(Long.MAX_VALUE);
    }

    @Override
    public boolean tryLock() {
        return acquire(0);
    }

    @Override
    public boolean tryLock(final long time, final TimeUnit unit) {
        return acquire(unit.toNanos(time));
    }

    @Override
    public synchronized void unlock() {
        final Owner me = CallContext.current().owner();
        if (!me.equals(owner)) {
            throw new IllegalMonitorStateException("the lock is not held by the calling thread ("
                + (owner == null ? "it is free" : "it is held by another thread or process") + ")");
        }
        if (--holds == 0) {
            owner = null;
            notifyAll();
        }
    }

    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("a managed lock makes no conditions; use Manager.condition(lock)");
    }

    synchronized boolean acquire(final long timeoutNanos) {
        final CallContext context = CallContext.current();
        final Owner me = context.owner();
        if (reentrant && me.equals(owner)) {
            holds++;
            return true;
        }
        final long deadline = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
        while (owner != null) {
            final long remaining = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            CallContext.awaitSlice(this, remaining);
        }
        // A caller that vanished while it waited must not be handed the lock it can no longer release.
        context.checkPeer();
        owner = me;
        holds = 1;
        return true;
    }

    /** @return whether the calling client thread holds the lock; for conditions */
    synchronized boolean heldByCaller() {
        return CallContext.current().owner().equals(owner);
    }

    /** Releases the lock fully for a condition wait; returns the hold count to restore. */
    synchronized int releaseFully() {
        final int saved = holds;
        owner = null;
        holds = 0;
        notifyAll();
        return saved;
    }

    /** Takes the lock back after a condition wait, with the saved hold count. */
    synchronized void reacquire(final int savedHolds) {
        final Owner me = CallContext.current().owner();
        while (owner != null) {
            CallContext.awaitSlice(this, Long.MAX_VALUE);
        }
        owner = me;
        holds = savedHolds;
    }

    /**
     * Releases the lock when a thread of a session that ended holds it.
     *
     * @param session the session that ended
     * @return whether it was held by that session
     */
    synchronized boolean releaseIfHeldBy(final String session) {
        if (owner != null && owner.session().equals(session)) {
            owner = null;
            holds = 0;
            notifyAll();
            return true;
        }
        return false;
    }

    @Override
    public synchronized String toString() {
        return (reentrant ? "RLock" : "Lock") + (owner == null ? "(unlocked)" : "(locked by " + owner + ")");
    }
}
