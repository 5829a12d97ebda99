package dev.mproc.manager;

import dev.mproc.ProcessGoneException;
import java.io.IOException;

/**
 * Thrown by a proxy call when the manager cannot be reached: its server died, shut down, or refused the connection.
 * The message names the manager's address and the call. It is unchecked because proxies implement JDK interfaces
 * ({@code Map.put} cannot throw {@link IOException}); the cause is the transport's {@link IOException}.
 *
 * <p>A call that fails this way may or may not have run on the server (it is never retried). It is one of the
 * {@link ProcessGoneException}s, which a caller can catch together.
 *
 * <p><b>Thread safety:</b> an immutable exception. <b>Process safety:</b> raised in the calling process only.
 */
public final class ManagerUnreachableException extends ProcessGoneException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the manager's address
     * @param cause   the transport's failure
     */
    public ManagerUnreachableException(final String message, final IOException cause) {
        super(message, java.util.Objects.requireNonNull(cause, "cause"));
    }

    /** @return the transport's failure */
    @Override
    public synchronized IOException getCause() {
        return (IOException) super.getCause();
    }
}
