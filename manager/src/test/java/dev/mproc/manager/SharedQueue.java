package dev.mproc.manager;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A queue served to every client that asks, as CPython's remote-manager test serves its module-level
 * {@code queue.Queue()} through {@code register('get_queue', callable=get_queue)}: it guards itself, and it says how
 * many callers wait in {@link #get()}, so that a test sees a consumer blocked there.
 */
public interface SharedQueue {

    /** @param item what to add */
    void put(Object item);

    /**
     * @return the oldest item, waiting for one
     * @throws InterruptedException when interrupted while waiting
     */
    Object get() throws InterruptedException;

    /** @return how many callers wait in {@link #get()} now */
    int waitingGetters();

    /** @return the one queue of this JVM: the factory that every registration uses, {@code get_queue} */
    static SharedQueue one() {
        return Impl.ONE;
    }

    /** The served implementation. */
    final class Impl implements SharedQueue {
        private static final Impl ONE = new Impl();

        private final LinkedBlockingQueue<Object> items = new LinkedBlockingQueue<>();
        private final AtomicInteger getters = new AtomicInteger();

        @Override
        public void put(final Object item) {
            items.add(item);
        }

        @Override
        public Object get() throws InterruptedException {
            getters.incrementAndGet();
            try {
                return items.take();
            } finally {
                getters.decrementAndGet();
            }
        }

        @Override
        public int waitingGetters() {
            return getters.get();
        }
    }
}
