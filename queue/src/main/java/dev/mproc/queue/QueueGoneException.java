package dev.mproc.queue;

import dev.mproc.ProcessGoneException;

/**
 * Thrown by a queue attached in another process when the process that owns the queue has ended or closed it: the
 * operation cannot complete, and no later one will.
 *
 * <p>It is unchecked, as {@link java.util.concurrent.BlockingQueue}'s methods allow nothing else; the message names
 * the queue and its owner's pid. It is one of the {@link ProcessGoneException}s, which a caller can catch together.
 *
 * <p><b>Thread safety:</b> an exception is not shared. <b>Process safety:</b> raised in the process that lost its
 * connection to the owner; every thread waiting on the queue there gets one.
 */
public final class QueueGoneException extends ProcessGoneException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is gone and why
     * @param cause   the failure of the connection, or null
     */
    public QueueGoneException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
