package dev.mproc.queue;

/**
 * Thrown by a queue that has been {@linkplain Queue#shutdown(boolean) shut down}: Python's {@code queue.ShutDown}
 * (3.13). Every put throws it once the queue is shut down; a get throws it once no item is left to take (at once
 * after an immediate shutdown). Unlike {@link Empty} and {@link Full} it is final: no later call of the same kind
 * will succeed.
 *
 * <p>It is unchecked, as {@link java.util.concurrent.BlockingQueue}'s methods allow nothing else, and it is an
 * {@link IllegalStateException} as the JDK's queues throw for a state that refuses an operation. It is not a
 * {@link QueueGoneException}: a shut-down queue is still served (its remaining items, {@code qsize()},
 * {@code taskDone()} and {@code join()} work), and a queue whose owner closed it or ended is gone, not shut down.
 * Once the owner is gone, every operation elsewhere throws {@link QueueGoneException}, shut down or not.
 *
 * <p><b>Thread safety:</b> an exception is not shared. <b>Process safety:</b> raised in the process whose put or get
 * met the shut-down queue, whichever process shut it down.
 */
public final class ShutDown extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message which queue, and what it refused
     */
    public ShutDown(final String message) {
        super(message);
    }
}
