package dev.mproc.manager;

/**
 * Stands for an exception thrown on the manager's server that could not be sent back as itself (it was not
 * serializable): it carries the original class name and message. Python's {@code RemoteError}. Exceptions that can
 * be serialized reach the caller as themselves.
 *
 * <p><b>Thread safety:</b> an immutable exception. <b>Process safety:</b> made on the server, thrown in the caller.
 */
public final class RemoteFailureException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String remoteType;

    /**
     * @param remoteType the class name of the exception thrown on the server
     * @param message    its message
     */
    public RemoteFailureException(final String remoteType, final String message) {
        super(remoteType + (message == null ? "" : ": " + message));
        this.remoteType = remoteType;
    }

    /** @return the class name of the exception thrown on the server */
    public String remoteType() {
        return remoteType;
    }
}
