package dev.mproc.manager;

import java.util.concurrent.atomic.AtomicInteger;

/** A user type for the call-mode tests: one call holds the object until an event is set, another looks in. */
public interface Turnstile {

    /**
     * Waits on the server until the event is set.
     *
     * @param release the event, of the same manager
     * @throws InterruptedException when interrupted
     */
    void hold(EventProxy release) throws InterruptedException;

    /** @return how many {@link #hold} calls have finished */
    int finishedHolds();

    /** The served implementation; it guards itself (an atomic counter). */
    final class Impl implements Turnstile {
        private final AtomicInteger finished = new AtomicInteger();

        @Override
        public void hold(final EventProxy release) throws InterruptedException {
            release.await();
            finished.incrementAndGet();
        }

        @Override
        public int finishedHolds() {
            return finished.get();
        }
    }
}
