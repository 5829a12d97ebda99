package dev.mproc.shm;

import dev.mproc.internal.ExitCleanup;
import dev.mproc.shm.internal.Segment;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Owns shared-memory blocks and frees them at its end (Python's
 * {@code multiprocessing.managers.SharedMemoryManager}): every {@link SharedMemory} and {@link ShareableList} made
 * through it is unlinked when it {@linkplain #close() closes}, when its process exits without closing it, and when its
 * process is killed ({@code kill -9}).
 *
 * <pre>{@code
 * try (SharedMemoryManager smm = SharedMemoryManager.create()) {
 *     ShareableList list = smm.shareableList(List.of("howdy", 1L));
 *     SharedMemory block = smm.sharedMemory(128);
 *     Process.start(() -> list.set(1, 2L)).join();
 * }   // both names are gone here; processes that have them mapped keep using them
 * }</pre>
 *
 * <p>Unlike Python's, it starts no server process: the blocks are tied to the process that made the manager, in their
 * file header. A killed owner cannot unlink anything, so the next mproc process to use shared memory does it: the
 * sweep that each process runs at its first use of shared memory, and each time it creates a
 * {@code SharedMemoryManager}, unlinks every block whose owner is dead, even while other processes still have it
 * mapped (they keep using it until they close it). Until such a process runs, the blocks of a killed owner stay in
 * {@code /dev/shm}. Blocks are made only in the owner's process; hand them (not the manager) to children.
 *
 * <p><b>Thread safety:</b> safe for concurrent use. <b>Process safety:</b> the manager belongs to the process that
 * created it and is not serializable; its blocks cross into other processes as usual, and what those processes do with
 * them is unaffected by the unlinking except that nobody can attach by name any more. {@link #close()} is idempotent;
 * the objects it made stay usable in this process until they are closed (as Python's stay mapped).
 */
public final class SharedMemoryManager implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SharedMemoryManager.class.getName());
    /** The managers of this process not closed yet, closed at its exit. */
    private static final Set<SharedMemoryManager> OPEN = ConcurrentHashMap.newKeySet();

    static {
        ExitCleanup.register(() -> List.copyOf(OPEN).forEach(SharedMemoryManager::close));
    }

    private final List<Segment> owned = new ArrayList<>();
    private boolean closed;

    private SharedMemoryManager() {
    }

    /**
     * Starts a manager in this process (Python's {@code SharedMemoryManager()} and {@code start()}); first unlinks the
     * blocks of managers whose processes died.
     *
     * @return the manager
     */
    public static SharedMemoryManager create() {
        Segment.sweep();
        final SharedMemoryManager manager = new SharedMemoryManager();
        OPEN.add(manager);
        return manager;
    }

    /**
     * Creates a block owned by this manager, Python's {@code smm.SharedMemory(size)}.
     *
     * @param size its size in bytes, 0 to {@link SharedMemory#MAX_SIZE}
     * @return the block, zeroed, with a fresh name
     * @throws IllegalStateException when the manager is closed
     * @throws IOException           when its file cannot be made
     */
    public SharedMemory sharedMemory(final int size) throws IOException {
        synchronized (owned) {
            ensureOpen();
            return own(SharedMemory.create(size));
        }
    }

    /**
     * Creates a list owned by this manager, Python's {@code smm.ShareableList(sequence)}.
     *
     * @param values the values, as {@link ShareableList#create(Iterable)} takes them
     * @return the list, with a fresh name
     * @throws IllegalStateException    when the manager is closed
     * @throws IllegalArgumentException when a value is of a type a list cannot hold
     * @throws IOException              when its block cannot be made
     */
    public ShareableList shareableList(final Iterable<?> values) throws IOException {
        synchronized (owned) {
            ensureOpen();
            return own(ShareableList.create(values));
        }
    }

    /**
     * Unlinks every block made through this manager and not unlinked yet (Python's {@code shutdown()}); idempotent.
     * The objects stay usable in this process until closed, and in other processes that have them.
     */
    @Override
    public void close() {
        final List<Segment> segments;
        synchronized (owned) {
            if (closed) {
                return;
            }
            closed = true;
            OPEN.remove(this);
            segments = new ArrayList<>(owned);
            owned.clear();
        }
        for (final Segment segment : segments) {
            try {
                segment.unlink();
            } catch (final NoSuchFileException alreadyGone) {
                LOG.log(System.Logger.Level.TRACE, "{0} was unlinked before its manager closed", segment);
            }
        }
    }

    private <T extends SharedObject> T own(final T object) {
        object.segment.unlinkWhenThisProcessDies();
        owned.add(object.segment);
        return object;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this SharedMemoryManager is closed");
        }
    }
}
