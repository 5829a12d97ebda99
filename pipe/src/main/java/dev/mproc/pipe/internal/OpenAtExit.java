package dev.mproc.pipe.internal;

import dev.mproc.internal.ExitSet;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * The connections of this process that are open, so that a normal exit flushes what their senders still hold and
 * records their pipe ends as closed, as Python's finalizers close connections.
 *
 * <p><b>Thread safety:</b> safe for concurrent use. <b>Process safety:</b> per process; a process killed by SIGKILL
 * closes nothing, and its peers see the end of the stream.
 */
final class OpenAtExit {

    private static final ExitSet<Closeable> OPEN = new ExitSet<>(OpenAtExit::closeAll);

    private OpenAtExit() {
    }

    /**
     * @param resource a resource to close at exit unless {@linkplain #remove removed} before
     */
    public static void add(final Closeable resource) {
        OPEN.add(resource);
    }

    /**
     * @param resource a resource closed by its owner
     */
    public static void remove(final Closeable resource) {
        OPEN.remove(resource);
    }

    private static void closeAll(final List<Closeable> open) {
        for (final Closeable resource : open) {
            try {
                resource.close();
            } catch (final IOException | RuntimeException ignored) {
                // At exit, a resource that cannot be closed is released by the operating system anyway.
            }
        }
    }
}
