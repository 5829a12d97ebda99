package dev.mproc.manager.internal;

import java.lang.reflect.Proxy;

/**
 * Makes the proxy for a reference: a hand-written one for dict, list, set, queue and pool, a dynamic proxy otherwise.
 */
public final class Proxies {

    private Proxies() {
    }

    /**
     * @param ref the reference
     * @return the proxy
     */
    public static Object make(final ObjectRef ref) {
        final Class<?> iface = ref.table.iface();
        if (iface == DictOps.class) {
            return new DictProxy<>(ref);
        }
        if (iface == ListOps.class) {
            return new ListProxy<>(ref);
        }
        if (iface == PoolOps.class) {
            return new ManagedPool(ref);
        }
        if (iface == SetOps.class) {
            return new SetProxy<>(ref);
        }
        if (iface == QueueOps.class) {
            return new QueueProxy<>(ref);
        }
        final ClassLoader loader = iface.getClassLoader() != null ? iface.getClassLoader()
            : Proxies.class.getClassLoader();
        return Proxy.newProxyInstance(loader, new Class<?>[] {iface}, new RemoteInvocationHandler(ref));
    }
}
