package dev.mproc.manager.internal;

import dev.mproc.manager.ConditionProxy;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * The server's side of a condition: waiters queue on the lock's monitor, so that releasing the lock and starting to
 * wait is one step.
 */
final class ServedCondition implements ConditionProxy {

    private final ServedLock lock;
    /** Waiters in arrival order; guarded by the lock's monitor. */
    private final ArrayDeque<boolean[]> waiters = new ArrayDeque<>();

    ServedCondition(final ServedLock lock) {
        this.lock = lock;
    }

    ServedLock lockObject() {
        return lock;
    }

    @Override
    public void lock() {
        lock.lock();
    }

    @Override
    public void unlock() {
        lock.unlock();
    }

    @Override
    public void await() {
        await(Long.MAX_VALUE);
    }

    @Override
    public boolean await(final Duration timeout) {
        return await(timeout.toNanos());
    }

    private boolean await(final long timeoutNanos) {
        synchronized (lock) {
            requireHeld();
            final boolean[] signalled = new boolean[1];
            waiters.addLast(signalled);
            final int holds = lock.releaseFully();
            final long deadline = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
            try {
                while (!signalled[0]) {
                    final long remaining = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE
                        : deadline - System.nanoTime();
                    if (remaining <= 0) {
                        break;
                    }
                    CallContext.awaitSlice(lock, remaining);
                }
            } finally {
                waiters.remove(signalled);
            }
            lock.reacquire(holds);
            return signalled[0];
        }
    }

    @Override
    public void signal() {
        synchronized (lock) {
            requireHeld();
            final boolean[] first = waiters.pollFirst();
            if (first != null) {
                first[0] = true;
                lock.notifyAll();
            }
        }
    }

    @Override
    public void signalAll() {
        synchronized (lock) {
            requireHeld();
            for (final boolean[] waiter : waiters) {
                waiter[0] = true;
            }
            waiters.clear();
            lock.notifyAll();
        }
    }

    private void requireHeld() {
        if (!lock.heldByCaller()) {
            throw new IllegalMonitorStateException("the condition's lock is not held by the calling thread");
        }
    }

    @Override
    public String toString() {
        return "Condition(" + lock + ")";
    }
}
