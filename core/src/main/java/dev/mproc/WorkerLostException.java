package dev.mproc;

import java.util.OptionalInt;

/**
 * A pool worker died (killed, {@code System.exit}, out of memory) while it ran a task: the cause of that task's
 * failure. The pool has started a replacement and goes on with the other tasks, where Python's pool hangs. It is one of
 * the {@link ProcessGoneException}s, which a caller can catch together.
 *
 * <p><b>Thread safety:</b> immutable. <b>Process safety:</b> made in the pool's process, from what it saw of the
 * worker.
 */
public final class WorkerLostException extends ProcessGoneException {

    private static final long serialVersionUID = 1L;

    private final String workerName;
    private final long pid;
    private final Integer exitCode;

    /**
     * @param workerName the worker's process name
     * @param pid        its pid
     * @param exitCode   its exit code, when it was known
     */
    public WorkerLostException(final String workerName, final long pid, final OptionalInt exitCode) {
        super("pool worker " + workerName + " (pid " + pid + ") died "
            + (exitCode.isPresent() ? "with exit code " + exitCode.getAsInt() : "(exit code unknown)")
            + " while running this task", null);
        this.workerName = workerName;
        this.pid = pid;
        this.exitCode = exitCode.isPresent() ? exitCode.getAsInt() : null;
    }

    /** @return the name of the worker process that died */
    public String workerName() {
        return workerName;
    }

    /** @return its pid */
    public long pid() {
        return pid;
    }

    /** @return its exit code (137 after SIGKILL, what it passed to {@code System.exit}), when it was known */
    public OptionalInt exitCode() {
        return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }
}
