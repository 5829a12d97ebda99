package dev.mproc;

import java.io.Serializable;

/**
 * The target of a {@link Process}: a serializable lambda whose captured variables are its arguments, as
 * {@code Process(target=f, args=(a,))} in Python.
 *
 * <p>Unlike {@link Runnable}, a task may throw any exception; an uncaught exception ends the child with exit code 1
 * and its stack trace on the child's standard error.
 */
@FunctionalInterface
public interface Task extends Serializable {

    /**
     * Runs the task in the child process.
     *
     * @throws Exception whatever the task throws; it ends the child with exit code 1
     */
    void run() throws Exception;
}
