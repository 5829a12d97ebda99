package dev.mproc.manager.internal;

import dev.mproc.Address;
import dev.mproc.Handle;
import dev.mproc.internal.ProcessContext;
import java.io.IOException;
import java.lang.reflect.Proxy;

/**
 * What a manager proxy serializes as: the server's id and address, the object id and its interface (and the authkey
 * only when it is not the process tree's own). Attaching in another process makes that process's session reference
 * the object, so it lives as long as that process does; attaching in the server's own process makes a local proxy.
 *
 * <p><b>Thread safety:</b> immutable.
 */
final class ProxyHandle extends Handle<Object> {

    private static final long serialVersionUID = 1L;

    private final String serverId;
    private final Address address;
    private final byte[] authkey;
    private final long objectId;
    private final Class<?> iface;
    private final boolean handlerOnly;

    ProxyHandle(final String serverId, final Address address, final byte[] authkey, final long objectId,
                final Class<?> iface, final boolean handlerOnly) {
        this.serverId = serverId;
        this.address = address;
        this.authkey = authkey;
        this.objectId = objectId;
        this.iface = iface;
        this.handlerOnly = handlerOnly;
    }

    @Override
    protected Object attach() throws IOException {
        final ManagerServer server = ManagerServer.running(serverId);
        final ObjectRef ref;
        if (server != null) {
            ref = ObjectRef.local(server, objectId, iface);
        } else {
            final ManagerClient client = ManagerClient.forServer(serverId, address,
                authkey != null ? authkey : ProcessContext.authkey());
            client.incref(objectId);
            ref = ObjectRef.remote(client, objectId, iface);
        }
        final Object proxy = Proxies.make(ref);
        final Object result = handlerOnly ? Proxy.getInvocationHandler(proxy) : proxy;
        ObjectRef.dropWhenUnreachable(result, ref);
        return result;
    }

    @Override
    public String toString() {
        return "proxy handle of " + iface.getSimpleName() + " #" + objectId + " on the manager at " + address;
    }
}
