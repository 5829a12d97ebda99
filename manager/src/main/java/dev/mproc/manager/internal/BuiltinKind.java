package dev.mproc.manager.internal;

import dev.mproc.manager.ArrayProxy;
import dev.mproc.manager.BarrierProxy;
import dev.mproc.manager.ConditionProxy;
import dev.mproc.manager.EventProxy;
import dev.mproc.manager.NamespaceProxy;
import dev.mproc.manager.SemaphoreProxy;
import dev.mproc.manager.ValueProxy;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.function.Function;

/**
 * The shared objects every manager serves, with the interface their proxies call and whether the object table
 * serializes calls on them ({@code atomic}) or they synchronize themselves (those with blocking methods).
 */
public enum BuiltinKind {

    DICT(DictOps.class, true, args -> new ServedDict((Map<?, ?>) args[0])),
    LIST(ListOps.class, true, args -> new ServedList((Collection<?>) args[0])),
    NAMESPACE(NamespaceProxy.class, true, args -> new ServedNamespace()),
    VALUE(ValueProxy.class, true, args -> new ServedValue(args[0])),
    ARRAY(ArrayProxy.class, true, args -> new ServedArray((Collection<?>) args[0])),
    QUEUE(QueueOps.class, false, args -> new ServedQueue((Integer) args[0])),
    LOCK(Lock.class, false, args -> new ServedLock(false)),
    RLOCK(Lock.class, false, args -> new ServedLock(true)),
    SEMAPHORE(SemaphoreProxy.class, false, args -> new ServedSemaphore((Integer) args[0])),
    EVENT(EventProxy.class, false, args -> new ServedEvent()),
    CONDITION(ConditionProxy.class, false, args -> new ServedCondition(conditionLock(args[0]))),
    BARRIER(BarrierProxy.class, false, args -> new ServedBarrier((Integer) args[0]));

    private final Class<?> iface;
    private final boolean atomic;
    private final Function<Object[], Object> factory;

    BuiltinKind(final Class<?> iface, final boolean atomic, final Function<Object[], Object> factory) {
        this.iface = iface;
        this.atomic = atomic;
        this.factory = factory;
    }

    /** @return the interface the proxies call */
    public Class<?> iface() {
        return iface;
    }

    boolean atomic() {
        return atomic;
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
