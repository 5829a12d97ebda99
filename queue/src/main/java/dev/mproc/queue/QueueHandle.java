package dev.mproc.queue;

import dev.mproc.Handle;
import dev.mproc.internal.Codec;
import dev.mproc.internal.RuntimeDirectory;
import dev.mproc.queue.internal.QueueClient;
import dev.mproc.queue.internal.QueueEndpoint;
import dev.mproc.queue.internal.QueueStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * How a queue crosses into another process: the owner's socket, the queue's name, kind and bound. Attaching connects
 * to the owner once per process and queue; a queue that comes back to a process that already has it (its owner
 * included) re-attaches to the same live object.
 */
final class QueueHandle extends Handle<Object> {

    private static final long serialVersionUID = 1L;

    /** The live queues of this process by name; guarded by itself. */
    private static final Map<String, Object> LIVE = new HashMap<>();

    /** What a handle re-attaches to. */
    enum Kind {
        QUEUE("queue", Queue::new),
        JOINABLE("joinable-queue", JoinableQueue::new),
        SIMPLE("simple-queue", SimpleQueue::new);

        final String label;
        final BiFunction<QueueEndpoint, QueueHandle, Object> wrap;

        Kind(final String label, final BiFunction<QueueEndpoint, QueueHandle, Object> wrap) {
            this.label = label;
            this.wrap = wrap;
        }
    }

    private final Kind kind;
    private final String name;
    private final String path;
    private final long ownerPid;
    private final int maxsize;

    private QueueHandle(final Kind kind, final String name, final String path, final long ownerPid,
                        final int maxsize) {
        this.kind = kind;
        this.name = name;
        this.path = path;
        this.ownerPid = ownerPid;
        this.maxsize = maxsize;
    }

    /**
     * Creates a queue owned and served by this process.
     *
     * @return the live queue object of the kind
     */
    static Object create(final Kind kind, final int maxsize) throws IOException {
        final Path path = RuntimeDirectory.newSocketPath(kind.label);
        final String file = path.getFileName().toString();
        final String name = file.substring(0, file.length() - ".sock".length());
        final QueueHandle handle = new QueueHandle(kind, name, path.toString(), ProcessHandle.current().pid(),
            Math.max(0, maxsize));
        final QueueStore store = QueueStore.serve(name, path, handle.maxsize, Codec.standard());
        final Object live = kind.wrap.apply(store, handle);
        synchronized (LIVE) {
            LIVE.put(name, live);
        }
        return live;
    }

    @Override
    protected Object attach() throws IOException {
        synchronized (LIVE) {
            final Object live = LIVE.get(name);
            if (live != null && !endpointOf(live).isClosed()) {
                return live;
            }
            final boolean streamPuts = kind != Kind.JOINABLE && maxsize == 0;
            final QueueClient client = QueueClient.connect(name, Path.of(path), ownerPid, streamPuts,
                Codec.standard());
            final Object attached = kind.wrap.apply(client, this);
            LIVE.put(name, attached);
            return attached;
        }
    }

    /** Closes a queue in this process and forgets it. */
    static void close(final Object live, final QueueEndpoint endpoint) {
        synchronized (LIVE) {
            LIVE.remove(endpoint.name(), live);
        }
        endpoint.close();
    }

    private static QueueEndpoint endpointOf(final Object live) {
        if (live instanceof Queue) {
            return ((Queue<?>) live).endpoint();
        }
        return ((SimpleQueue<?>) live).endpoint();
    }

    /** @return the most items the queue holds, 0 for no limit */
    int maxsize() {
        return maxsize;
    }

    @Override
    public String toString() {
        return "QueueHandle[" + name + ", owner " + ownerPid + "]";
    }
}
