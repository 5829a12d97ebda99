package dev.mproc.manager.internal;

import dev.mproc.Address;
import dev.mproc.internal.ProcessContext;
import java.lang.ref.Cleaner;
import java.lang.reflect.Proxy;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Arrays;

/**
 * What a proxy holds: one object of one manager, and the way to call it. Remote in client processes (a request over
 * a connection); local in the server's own process (a direct call through the object table, used for proxies stored
 * inside other shared objects).
 *
 * <p><b>Thread safety:</b> safe for concurrent use.
 */
public abstract class ObjectRef {

    private static final Cleaner CLEANER = Cleaner.create();

    final long id;
    final MethodTable table;

    ObjectRef(final long id, final MethodTable table) {
        this.id = id;
        this.table = table;
    }

    /** @return the object's method table */
    public MethodTable table() {
        return table;
    }

    /**
     * Calls a method of the object.
     *
     * @param method the method number
     * @param args   the arguments
     * @return the result
     * @throws Throwable what the method threw on the server, {@link InterruptedException} when an interruptible call
     *                   was interrupted, {@link dev.mproc.manager.ManagerUnreachableException} when the manager is gone
     */
    abstract Object invoke(int method, Object[] args) throws Throwable;

    /** @return the id of the server the object lives in */
    abstract String serverId();

    /** @return the manager's address, as this process reaches it */
    abstract Address address();

    /** @return the authkey to reach it */
    abstract byte[] authkey();

    /**
     * Calls a method that throws no checked exception.
     *
     * @param method the method number
     * @param args   the arguments
     * @return the result
     */
    public final Object call(final int method, final Object... args) {
        try {
            return invoke(method, args);
        } catch (final RuntimeException | Error e) {
            throw e;
        } catch (final Throwable e) {
            throw undeclared(method, e);
        }
    }

    /**
     * Calls a blocking method that the caller may interrupt.
     *
     * @param method the method number
     * @param args   the arguments
     * @return the result
     * @throws InterruptedException when interrupted while waiting
     */
    public final Object callInterruptibly(final int method, final Object... args) throws InterruptedException {
        try {
            return invoke(method, args);
        } catch (final RuntimeException | Error | InterruptedException e) {
            throw e;
        } catch (final Throwable e) {
            throw undeclared(method, e);
        }
    }

    /** Wraps a checked exception the method's caller cannot declare, naming the method and the manager. */
    private UndeclaredThrowableException undeclared(final int method, final Throwable e) {
        return new UndeclaredThrowableException(e, table.describe(method) + " failed on the manager at " + address()
            + ": " + e);
    }

    /**
     * @param handlerOnly whether the receiving side wants the invocation handler of a dynamic proxy
     * @return the handle this object's proxies serialize as
     */
    final ProxyHandle handle(final boolean handlerOnly) {
        final byte[] key = authkey();
        return new ProxyHandle(serverId(), address(), Arrays.equals(key, ProcessContext.authkey()) ? null : key, id,
            table.iface(), handlerOnly);
    }

    /** @return {@code #id on manager at address} for messages */
    final String describe() {
        return table.iface().getSimpleName() + " #" + id + " on the manager at " + address();
    }

    @Override
    public final boolean equals(final Object other) {
        return other instanceof ObjectRef && ((ObjectRef) other).id == id
            && ((ObjectRef) other).serverId().equals(serverId());
    }

    @Override
    public final int hashCode() {
        return Long.hashCode(id) * 31 + serverId().hashCode();
    }

    /**
     * The served object behind a proxy that lives in the server's own process.
     *
     * @param proxy a proxy
     * @return the object, or null when the proxy is not local to a server in this process
     */
    static Object localTarget(final Object proxy) {
        final ObjectRef ref = refOf(proxy);
        return ref instanceof Local ? ((Local) ref).server.objects().get(ref.id).target : null;
    }

    /**
     * @param proxy a proxy of any kind
     * @return its reference, or null when it is not a manager proxy
     */
    public static ObjectRef refOf(final Object proxy) {
        if (proxy instanceof ManagedProxy) {
            return ((ManagedProxy) proxy).ref();
        }
        if (proxy != null && Proxy.isProxyClass(proxy.getClass())
            && Proxy.getInvocationHandler(proxy) instanceof RemoteInvocationHandler) {
            return ((RemoteInvocationHandler) Proxy.getInvocationHandler(proxy)).ref();
        }
        return null;
    }

    /**
     * A reference held inside the server's own process; it counts as one reference until it is garbage.
     *
     * @param server the server
     * @param id     the object
     * @param iface  its interface
     * @return the reference
     */
    static ObjectRef local(final ManagerServer server, final long id, final Class<?> iface) {
        server.objects().incref(id);
        return new Local(server, id, MethodTable.of(iface));
    }

    /** Registers the drop of a local reference when its proxy becomes garbage. */
    static void dropWhenUnreachable(final Object proxy, final ObjectRef ref) {
        if (ref instanceof Local) {
            final ObjectTable objects = ((Local) ref).server.objects();
            final long id = ref.id;
            CLEANER.register(proxy, () -> objects.decref(id));
        }
    }

    /**
     * @param client the connection pool
     * @param id     the object
     * @param iface  its interface
     * @return a reference over the client
     */
    static ObjectRef remote(final ManagerClient client, final long id, final Class<?> iface) {
        return new Remote(client, id, MethodTable.of(iface));
    }

    /** A reference from a client process. */
    private static final class Remote extends ObjectRef {
        private final ManagerClient client;

        Remote(final ManagerClient client, final long id, final MethodTable table) {
            super(id, table);
            this.client = client;
        }

        @Override
        Object invoke(final int method, final Object[] args) throws Throwable {
            return client.call(id, table, method, args);
        }

        @Override
        String serverId() {
            return client.serverId();
        }

        @Override
        Address address() {
            return client.address();
        }

        @Override
        byte[] authkey() {
            return client.authkey();
        }
    }

    /** A reference inside the server's process. */
    private static final class Local extends ObjectRef {
        private final ManagerServer server;

        Local(final ManagerServer server, final long id, final MethodTable table) {
            super(id, table);
            this.server = server;
        }

        @Override
        Object invoke(final int method, final Object[] args) throws Throwable {
            return server.objects().invoke(id, method, args == null ? new Object[0] : args);
        }

        @Override
        String serverId() {
            return server.id();
        }

        @Override
        Address address() {
            return server.address();
        }

        @Override
        byte[] authkey() {
            return server.authkey();
        }
    }
}
