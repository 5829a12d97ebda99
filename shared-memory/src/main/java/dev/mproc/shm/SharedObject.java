package dev.mproc.shm;

import dev.mproc.Handle;
import dev.mproc.shm.internal.Segment;
import java.io.IOException;
import java.io.Serializable;

/**
 * What every shared-memory object has: the mapped file it lives in, a name, a per-process {@link #close()}, and the
 * way it crosses into other processes: as a handle naming the file and how to attach to it ({@code writeReplace}).
 */
abstract class SharedObject implements AutoCloseable, Serializable {

    private static final long serialVersionUID = 1L;

    final transient Segment segment;
    private final transient Attacher<?> attacher;
    private transient boolean closed;

    /**
     * @param segment  the file this object lives in
     * @param attacher how the receiving process attaches to it again, given its name (a static method reference, or a
     *                 lambda capturing only immutable serializable values)
     */
    SharedObject(final Segment segment, final Attacher<?> attacher) {
        this.segment = segment;
        this.attacher = attacher;
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

    /** @return whether {@link #close()} was called in this process */
    final boolean isClosed() {
        return closed;
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

    /** Serialization writes the handle in place of this object; package-private so that it is inherited. */
    final Object writeReplace() {
        return new ByName<>(getClass().getSimpleName(), name(), attacher);
    }

    /**
     * How a shared-memory object is attached again in another process, from its file's name.
     *
     * @param <T> the type of object
     */
    @FunctionalInterface
    interface Attacher<T extends SharedObject> extends Serializable {

        /**
         * @param name the file's name
         * @return the object, attached in the current process
         * @throws IOException when there is no such file, or it is of something else
         */
        T attach(String name) throws IOException;
    }

    /** The handle a shared-memory object crosses as: its file's name, and how to attach to it. */
    private static final class ByName<T extends SharedObject> extends Handle<T> {
        private static final long serialVersionUID = 1L;
        private final String type;
        private final String name;
        private final Attacher<T> attacher;

        ByName(final String type, final String name, final Attacher<T> attacher) {
            this.type = type;
            this.name = name;
            this.attacher = attacher;
        }

        @Override
        protected T attach() throws IOException {
            return attacher.attach(name);
        }

        @Override
        public String toString() {
            return type + " handle '" + name + "'";
        }
    }
}
