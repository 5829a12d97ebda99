package dev.mproc.queue;

/**
 * Thrown by a put that does not wait, or whose timeout passed, while the queue was full: Python's
 * {@code queue.Full}. The item was not put.
 *
 * <p><b>Thread safety:</b> an exception is not shared. <b>Process safety:</b> raised in the putting process only.
 */
public final class Full extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message which queue, and how long the put waited
     */
    public Full(final String message) {
        super(message);
    }
}
