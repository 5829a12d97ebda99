package dev.mproc.manager.internal;

import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * The handler of a dynamic proxy (locks, events, namespaces, user types): every interface method and
 * {@code toString} run on the server; {@code equals} and {@code hashCode} compare which object is referenced. It
 * serializes as a {@link ProxyHandle}, so the proxy around it crosses into other processes.
 */
final class RemoteInvocationHandler implements InvocationHandler, Serializable {

    private static final long serialVersionUID = 1L;

    private final transient ObjectRef ref;

    RemoteInvocationHandler(final ObjectRef ref) {
        this.ref = ref;
    }

    ObjectRef ref() {
        return ref;
    }

    @Override
    public Object invoke(final Object proxy, final Method method, final Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            switch (method.getName()) {
                case "equals":
                    return args[0] != null && Proxy.isProxyClass(args[0].getClass())
                        && Proxy.getInvocationHandler(args[0]) instanceof RemoteInvocationHandler
                        && ((RemoteInvocationHandler) Proxy.getInvocationHandler(args[0])).ref.equals(ref);
                case "hashCode":
                    return ref.hashCode();
                default:
                    break;
            }
        }
        final int index = ref.table.indexOf(method);
        if (index < 0) {
            throw new UnsupportedOperationException(method + " cannot be called on a manager proxy");
        }
        return ref.invoke(index, args);
    }

    private Object writeReplace() {
        return ref.handle(true);
    }
}
