package dev.mproc.manager.internal;

import dev.mproc.Task;
import dev.mproc.manager.ArrayProxy;
import dev.mproc.manager.BarrierProxy;
import dev.mproc.manager.ConditionProxy;
import dev.mproc.manager.EventProxy;
import dev.mproc.manager.NamespaceProxy;
import dev.mproc.manager.SemaphoreProxy;
import dev.mproc.manager.ValueProxy;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.function.Function;

/**
 * The shared objects every manager serves, with the interface their proxies call and whether the object table
 * serializes calls on them ({@code serialized}: plain collections and values, which never block, so a turn costs
 * nothing and each call is one atomic step) or they guard themselves with their monitors and wait in slices (queues
 * and synchronizers, whose blocking methods must let other calls in).
 */
public enum BuiltinKind {

    DICT(DictOps.class, true, args -> new ServedDict((Map<?, ?>) args[0])),
    LIST(ListOps.class, true, args -> new ServedList((Collection<?>) args[0])),
    SET(SetOps.class, true, args -> new ServedSet((Collection<?>) args[0])),
    NAMESPACE(NamespaceProxy.class, true, args -> new ServedNamespace()),
    VALUE(ValueProxy.class, true, args -> new ServedValue(args[0])),
    ARRAY(ArrayProxy.class, true, args -> new ServedArray((Collection<?>) args[0])),
    QUEUE(QueueOps.class, false, args -> new ServedQueue((Integer) args[0])),
    LOCK(Lock.class, false, args -> new ServedLock(false)),
    RLOCK(Lock.class, false, args -> new ServedLock(true)),
    SEMAPHORE(SemaphoreProxy.class, false, args -> new ServedSemaphore((Integer) args[0], false)),
    BOUNDED_SEMAPHORE(SemaphoreProxy.class, false, args -> new ServedSemaphore((Integer) args[0], true)),
    EVENT(EventProxy.class, false, args -> new ServedEvent()),
    CONDITION(ConditionProxy.class, false, args -> new ServedCondition(conditionLock(args[0]))),
    POOL(PoolOps.class, false, args -> new ServedPool((Integer) args[0], (Task) args[1], (Integer) args[2])),
    BARRIER(BarrierProxy.class, false, args -> new ServedBarrier((Integer) args[0], (Task) args[1],
        (Duration) args[2]));

    private final Class<?> iface;
    private final boolean serialized;
    private final Function<Object[], Object> factory;

    BuiltinKind(final Class<?> iface, final boolean serialized, final Function<Object[], Object> factory) {
        this.iface = iface;
        this.serialized = serialized;
        this.factory = factory;
    }

    /** @return the interface the proxies call */
    public Class<?> iface() {
        return iface;
    }

    boolean serialized() {
        return serialized;
    }

    Object create(final Object[] args) {
        return factory.apply(args);
    }

    private static ServedLock conditionLock(final Object lock) {
        if (lock == null) {
            return new ServedLock(true);
        }
        final Object target = ObjectRef.localTarget(lock);
        if (!(target instanceof ServedLock)) {
            throw new IllegalArgumentException("a condition's lock must be a lock() or rLock() of the same manager,"
                + " not " + lock.getClass().getName());
        }
        return (ServedLock) target;
    }
}
