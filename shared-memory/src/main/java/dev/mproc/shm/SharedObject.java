package dev.mproc.shm;

import dev.mproc.shm.internal.Segment;
import java.io.Serializable;

/**
 * What every shared-memory object has: the mapped file it lives in, a name, and a per-process {@link #close()}.
 * Subclasses cross into other processes as a handle naming the file ({@code writeReplace}).
 */
abstract class SharedObject implements AutoCloseable, Serializable {

    private static final long serialVersionUID = 1L;

    final transient Segment segment;
    private transient boolean closed;

    SharedObject(final Segment segment) {
        this.segment = segment;
    }

    /**
     * The name of the file this object lives in, for {@code attach(name)} in an unrelated process.
     *
     * @return the name
     */
    public final String name() {
        return segment.name();
    }

    /**
     * Stops using this object in this process; idempotent. The file is removed when the last live process that
     * uses it closes it (or exits). Other threads must have stopped using this object.
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            segment.close();
        }
    }

    final void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + " '" + name() + "'";
    }
}
