package dev.mproc.manager;

/**
 * How the server runs the calls on the objects of a registered type, for
 * {@link Manager#register(Class, Factory, CallMode)}.
 *
 * <p><b>Thread safety:</b> an immutable constant. <b>Process safety:</b> it is sent to the server with the
 * registration and applies to the calls of every process.
 */
public enum CallMode {

    /**
     * Calls run at once, each on the server thread of its connection, as in Python: the object guards itself (a
     * {@code java.util.concurrent} type, synchronized methods). A method may block waiting for another call on the
     * same object: a consumer blocked in {@code take()} lets producers {@code put}. The default.
     */
    CONCURRENT,

    /**
     * One call at a time per object (per target: the objects a factory returns more than once share one turn), so
     * every call is atomic and the object needs no synchronization of its own. A call waits for its turn in slices
     * and is abandoned if its client dies meanwhile; a method must not block waiting for another call on the same
     * object, which would wait for ever.
     */
    SERIALIZED
}
