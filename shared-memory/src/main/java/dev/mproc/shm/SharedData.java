package dev.mproc.shm;

import dev.mproc.shm.internal.ArrayDescriptor;
import dev.mproc.shm.internal.Segment;

/**
 * What the value and array classes share: the memory their elements live in ({@link ArrayDescriptor}), and the lock
 * in the same file that {@link Value} and {@link Array} give them ({@link RawValue} and {@link RawArray} give none).
 */
abstract class SharedData extends SharedObject {

    private static final long serialVersionUID = 1L;

    /** The file's memory, for the typed accessors; the elements start at {@link #address()}. */
    final transient AtomicBuffer buffer;
    private final transient Lock lock;

    SharedData(final Segment segment, final Attacher<?> attacher) {
        super(segment, attacher);
        this.buffer = segment.buffer();
        this.lock = ArrayDescriptor.hasLock(segment) ? Lock.within(segment, ArrayDescriptor.lock()) : null;
    }

    /**
     * The lock for compound updates, Python's {@code get_lock()}; the single operations need none. It returns the
     * lock and does not take it: {@code v.getLock().lock()} does.
     *
     * @return the lock, shared by every process that has this value or array
     * @throws UnsupportedOperationException when it was created raw
     * @throws IllegalStateException         when this object is closed
     */
    public Lock getLock() {
        ensureOpen();
        if (lock == null) {
            throw new UnsupportedOperationException(getClass().getSimpleName() + " '" + name()
                + "' was created raw, without a lock; create it with Value/Array for one, or use a separate Lock");
        }
        return lock;
    }

    /**
     * @return the address in {@link #buffer} of the value, or of an array's first element, once this is known to be
     *         open: every verb of a closed value or array throws
     */
    final int address() {
        ensureOpen();
        return ArrayDescriptor.elements();
    }

    /** @return whether this was created without a lock ({@link RawValue} or {@link RawArray}) */
    public boolean isRaw() {
        return lock == null;
    }

    @Override
    public void close() {
        if (lock != null) {
            lock.close();
        }
        super.close();
    }
}
