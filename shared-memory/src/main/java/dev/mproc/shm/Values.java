package dev.mproc.shm;

/** What the value and array classes share: their optional lock. */
final class Values {

    private Values() {
    }

    static Lock lockOf(final SharedObject owner, final Lock lock) {
        owner.ensureOpen();
        if (lock == null) {
            throw new UnsupportedOperationException(owner.getClass().getSimpleName() + " '" + owner.name()
                + "' was created raw, without a lock; create it with Value/Array for one, or use a separate Lock");
        }
        return lock;
    }

    static void closeLock(final Lock lock) {
        if (lock != null) {
            lock.close();
        }
    }
}
