package dev.mproc.queue;

/**
 * Thrown by a get that does not wait, or whose timeout passed, while the queue was empty: Python's
 * {@code queue.Empty}. No item was taken.
 *
 * <p><b>Thread safety:</b> an exception is not shared. <b>Process safety:</b> raised in the getting process only.
 */
public final class Empty extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message which queue, and how long the get waited
     */
    public Empty(final String message) {
        super(message);
    }
}
