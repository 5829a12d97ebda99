package dev.mproc;

/**
 * The other process is gone: the one an operation needed (a queue's owner, a manager's server, a pool's worker) died,
 * shut down or cannot be reached, so the operation cannot complete. Each module throws its own subclass, named for
 * what it lost ({@code QueueGoneException}, {@code ManagerUnreachableException}, {@link WorkerLostException}); a
 * caller that treats them alike catches this one.
 *
 * <p>It is unchecked, as the JDK interfaces that mproc's objects implement ({@code BlockingQueue}, {@code Map})
 * allow nothing else. A pipe's other end that closes is not this: {@code Connection.recv} throws
 * {@link java.io.EOFException}, as Python raises {@code EOFError}, because a closed end is a normal end of the
 * conversation, not a lost process.
 *
 * <p><b>Thread safety:</b> an exception is not shared. <b>Process safety:</b> raised in the process that lost the
 * other; the message names that process or its address.
 */
public class ProcessGoneException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is gone, naming the process or its address, and what could not be done
     * @param cause   what showed it (the end of a socket's stream, a refused connection), or null
     */
    public ProcessGoneException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
