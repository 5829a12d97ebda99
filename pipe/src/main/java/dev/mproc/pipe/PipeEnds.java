package dev.mproc.pipe;

import dev.mproc.pipe.internal.PipeEnd;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The pipe-end connections of this process, one object per end: an end that arrives twice (captured by two tasks,
 * sent back to the process that created it) is the same {@link Connection}, so it never competes with itself for
 * its claim. Ends nobody refers to any more are forgotten.
 */
final class PipeEnds {

    private static final Map<String, Entry> ENDS = new HashMap<>();
    private static final ReferenceQueue<Connection> CLEARED = new ReferenceQueue<>();

    private PipeEnds() {
    }

    /** @return the live connection of this end in this process, made if there is none (or it was closed) */
    static Connection intern(final Path socketPath, final boolean left, final boolean readable,
                             final boolean writable) {
        return intern(socketPath, left, readable, writable, false);
    }

    /**
     * @param creatorCopy whether the pipe is being opened here (its two first copies let its files go when closed)
     * @return the live connection of this end in this process, made if there is none (or it was closed)
     */
    static synchronized Connection intern(final Path socketPath, final boolean left, final boolean readable,
                                          final boolean writable, final boolean creatorCopy) {
        expunge();
        final String key = PipeEnd.claimPath(socketPath, left ? "left" : "right").toString();
        final Entry entry = ENDS.get(key);
        final Connection existing = entry == null ? null : entry.get();
        if (existing != null && !existing.isClosed()) {
            return existing;
        }
        final Connection made = Connection.pipeEnd(socketPath, left, readable, writable, creatorCopy);
        ENDS.put(key, new Entry(key, made));
        return made;
    }

    private static void expunge() {
        Entry cleared;
        while ((cleared = (Entry) CLEARED.poll()) != null) {
            ENDS.remove(cleared.key, cleared);
        }
    }

    private static final class Entry extends WeakReference<Connection> {
        final String key;

        Entry(final String key, final Connection connection) {
            super(connection, CLEARED);
            this.key = key;
        }
    }
}
