package dev.mproc;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serializable;

/**
 * The one mechanism by which an IPC object (a pipe end, a queue, a value, a lock, a manager proxy) crosses into
 * another process: the object serializes as a small handle (an address or a file, and a token), and the handle
 * re-attaches in the receiving process. This is the Java form of Python's {@code multiprocessing.reduction}.
 *
 * <p>An IPC object implements {@link Serializable} and declares
 * <pre>{@code
 * private Object writeReplace() {
 *     return new MyHandle(address, token);     // a subclass of Handle<MyObject>
 * }
 * }</pre>
 * so that whatever serializes it (a task captured by a {@link Process}, a message sent through a pipe, an argument of a
 * pool task) writes the handle; on the other side {@link #attach()} runs in place of the handle and the caller gets a
 * live object of the same type. Objects nested in collections or in other handles cross the same way.
 *
 * <p><b>Thread safety:</b> a handle is an immutable value. <b>Process safety:</b> {@link #attach()} runs in the
 * process that deserializes the handle, once per deserialization; it must not assume the creating process is the
 * current one, and it should fail with a clear {@link IOException} when the resource it names is gone.
 *
 * @param <T> the type of the live object the handle re-attaches to
 */
public abstract class Handle<T> implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Creates a handle; subclasses hold only serializable, immutable state.
     */
    protected Handle() {
    }

    /**
     * Re-attaches to the resource this handle names, in the current process.
     *
     * @return the live object
     * @throws IOException when the resource cannot be reached (its owner died, its file was removed)
     */
    protected abstract T attach() throws IOException;

    /**
     * Replaces the deserialized handle by the live object; called by Java serialization.
     *
     * @return the live object
     * @throws ObjectStreamException when {@link #attach()} fails, with that failure as its cause
     */
    protected final Object readResolve() throws ObjectStreamException {
        try {
            return attach();
        } catch (final IOException e) {
            final InvalidObjectException failure = new InvalidObjectException(
                "cannot attach " + this + " in process " + ProcessHandle.current().pid() + ": " + e.getMessage());
            failure.initCause(e);
            throw failure;
        }
    }
}
