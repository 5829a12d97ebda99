package dev.mproc.manager.internal;

import dev.mproc.manager.Factory;

/** The server's control object ({@link Protocol#CONTROL_ID}): what a client asks of the server itself. */
public interface ServerControl {

    /**
     * Makes a new shared object; the calling session references it.
     *
     * @param kind a {@link BuiltinKind} name, or {@code "user"} with the registered interface as the argument
     * @param args the creation arguments
     * @return the new object's id
     */
    long create(String kind, Object[] args);

    /**
     * Registers (or replaces) a user type.
     *
     * @param iface      the interface proxies implement
     * @param factory    what makes the objects, run here
     * @param serialized whether calls on its objects take turns (one at a time per object) or run concurrently
     */
    void register(Class<?> iface, Factory<?> factory, boolean serialized);

    /**
     * Makes the calling session reference an object (a proxy arrived in one of its processes).
     *
     * @param id the object
     */
    void incref(long id);

    /** @return how many shared objects the server holds */
    int objectCount();

    /** @return how many calls wait on the server now, such as a take from an empty queue */
    int waitingCalls();

    /** Stops the server once this call is answered. */
    void shutdown();
}
