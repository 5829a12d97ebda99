package dev.mproc.cluster.internal;

import com.hazelcast.map.IMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * A named cluster lock on the key lock of one entry of an {@link IMap}: the community edition's lock whose owner (a
 * thread of a client or member) releases it by leaving the cluster. Re-entrant, as {@code IMap.lock} is.
 */
public final class MapLock implements Lock {

    /**
     * How many times each thread holds each lock, by map and key: an {@code unlock()} by a thread that holds nothing
     * fails here, where it belongs, instead of on the member, which would also log it as SEVERE.
     */
    private static final ThreadLocal<Map<String, Integer>> HOLDS = ThreadLocal.withInitial(HashMap::new);

    private final IMap<String, Object> locks;
    private final String name;
    private final String holdKey;

    /**
     * @param locks the map whose key locks are the cluster's locks
     * @param name  this lock's key
     */
    public MapLock(final IMap<String, Object> locks, final String name) {
        this.locks = locks;
        this.name = name;
        this.holdKey = locks.getName() + '\0' + name;
    }

    private void held() {
        HOLDS.get().merge(holdKey, 1, Integer::sum);
    }

    @Override
    public void lock() {
        locks.lock(name);
        held();
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        while (!locks.tryLock(name, 1, TimeUnit.DAYS)) {
            if (Thread.interrupted()) {
                throw new InterruptedException("waiting for the cluster lock " + name);
            }
        }
        held();
    }

    @Override
    public boolean tryLock() {
        if (!locks.tryLock(name)) {
            return false;
        }
        held();
        return true;
    }

    @Override
    public boolean tryLock(final long time, final TimeUnit unit) throws InterruptedException {
        if (!locks.tryLock(name, time, unit)) {
            return false;
        }
        held();
        return true;
    }

    /** @throws IllegalMonitorStateException when this thread does not hold the lock */
    @Override
    public void unlock() {
        final Map<String, Integer> holds = HOLDS.get();
        final Integer count = holds.get(holdKey);
        if (count == null) {
            throw new IllegalMonitorStateException("this thread does not hold the cluster lock " + name);
        }
        try {
            locks.unlock(name);
        } catch (final IllegalMonitorStateException e) {
            // The cluster released it (this client was cut off past the clean-up timeout): held no more.
            holds.remove(holdKey);
            throw e;
        }
        if (count == 1) {
            holds.remove(holdKey);
        } else {
            holds.put(holdKey, count - 1);
        }
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
