package dev.mproc;

import java.util.Objects;

/**
 * A faithful stand-in for an exception raised in another process that could not cross as itself (it, or something
 * it references, is not serializable, or its class cannot be loaded here): it keeps the remote class name, message,
 * stack trace and chain of causes. Python's {@code RemoteTraceback}.
 *
 * <p>{@link #getMessage()} reads {@code "remote.ClassName: remote message"}, so a printed stack trace shows both
 * that this is a stand-in and what it stands for.
 *
 * <p><b>Thread safety:</b> immutable once made. <b>Process safety:</b> serializable, so it crosses anywhere.
 */
public final class RemoteTaskException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String remoteClassName;
    private final String remoteMessage;

    private RemoteTaskException(final String remoteClassName, final String remoteMessage,
                                final StackTraceElement[] stackTrace, final RemoteTaskException cause) {
        super(remoteMessage == null ? remoteClassName : remoteClassName + ": " + remoteMessage, cause, false, true);
        this.remoteClassName = remoteClassName;
        this.remoteMessage = remoteMessage;
        setStackTrace(stackTrace);
    }

    /**
     * Makes the stand-in of a throwable and of each of its causes.
     *
     * @param original the throwable
     * @return its stand-in
     */
    public static RemoteTaskException of(final Throwable original) {
        Objects.requireNonNull(original, "original");
        return of(original, 0);
    }

    private static RemoteTaskException of(final Throwable original, final int depth) {
        final Throwable cause = original.getCause();
        // A cause chain is short in practice; the bound only guards against a pathological cycle.
        final RemoteTaskException causeStandIn = cause == null || cause == original || depth > 32
            ? null : of(cause, depth + 1);
        final String remoteClass = original instanceof RemoteTaskException
            ? ((RemoteTaskException) original).remoteClassName : original.getClass().getName();
        final String message = original instanceof RemoteTaskException
            ? ((RemoteTaskException) original).remoteMessage : original.getMessage();
        return new RemoteTaskException(remoteClass, message, original.getStackTrace(), causeStandIn);
    }

    /** @return the class name of the exception this stands for */
    public String remoteClassName() {
        return remoteClassName;
    }

    /** @return the message of the exception this stands for, possibly {@code null} */
    public String remoteMessage() {
        return remoteMessage;
    }
}
