package dev.mproc.manager;

/** A user type for the tests: a counter whose calls run on the manager's server. */
public interface Counter {

    /** @return the count after adding one */
    int increment();

    /** @return the count */
    int get();

    /**
     * Throws an {@link IllegalStateException} with the message, on the server.
     *
     * @param message the message
     */
    void fail(String message);

    /** Throws an exception that cannot be serialized, on the server. */
    void failUnserializably();

    /** The served implementation; its calls run concurrently on the server, so it guards itself. */
    final class Impl implements Counter {
        private int count;

        @Override
        public synchronized int increment() {
            return ++count;
        }

        @Override
        public synchronized int get() {
            return count;
        }

        @Override
        public void fail(final String message) {
            throw new IllegalStateException(message);
        }

        @Override
        public void failUnserializably() {
            throw new Unserializable("holds a thread");
        }

        @Override
        public synchronized String toString() {
            return "Counter(" + count + ")";
        }
    }

    /** An exception that cannot cross: it holds a thread. */
    final class Unserializable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        @SuppressWarnings("serial") // not serializable on purpose: this exception must fail to cross
        private final Thread thread = Thread.currentThread();

        Unserializable(final String message) {
            super(message);
        }

        @Override
        public String toString() {
            return super.toString() + " in " + thread.getName();
        }
    }
}
