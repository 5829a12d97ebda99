package dev.mproc.cluster.internal;

import com.hazelcast.map.IMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * A named cluster lock on the key lock of one entry of an {@link IMap}: the community edition's lock whose owner (a
 * thread of a client or member) releases it by leaving the cluster. Re-entrant, as {@code IMap.lock} is.
 */
public final class MapLock implements Lock {

    private final IMap<String, Object> locks;
    private final String name;

    /**
     * @param locks the map whose key locks are the cluster's locks
     * @param name  this lock's key
     */
    public MapLock(final IMap<String, Object> locks, final String name) {
        this.locks = locks;
        this.name = name;
    }

    @Override
    public void lock() {
        locks.lock(name);
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        while (!locks.tryLock(name, 1, TimeUnit.DAYS)) {
            if (Thread.interrupted()) {
                throw new InterruptedException("waiting for the cluster lock " + name);
            }
        }
    }

    @Override
    public boolean tryLock() {
        return locks.tryLock(name);
    }

    @Override
    public boolean tryLock(final long time, final TimeUnit unit) throws InterruptedException {
        return locks.tryLock(name, time, unit);
    }

    /** @throws IllegalMonitorStateException when this thread does not hold the lock */
    @Override
    public void unlock() {
        locks.unlock(name);
    }

    /** @throws UnsupportedOperationException always: a map key lock has no condition */
    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("a cluster lock has no condition");
    }

    /** @return whether some thread in the cluster holds the lock now */
    public boolean isLocked() {
        return locks.isLocked(name);
    }

    @Override
    public String toString() {
        return "<cluster lock " + name + (isLocked() ? " locked>" : " unlocked>");
    }
}
