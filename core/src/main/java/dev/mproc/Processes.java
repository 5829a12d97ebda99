package dev.mproc;

import dev.mproc.internal.ChildRegistry;
import dev.mproc.internal.ProcessContext;
import java.util.List;
import java.util.Optional;

/**
 * The process tree, as seen from the current process: Python's {@code current_process()},
 * {@code parent_process()}, {@code active_children()} and {@code cpu_count()}.
 *
 * <p><b>Thread safety:</b> every method is safe from any thread. <b>Process safety:</b> each process sees its own
 * tree: its own name and children, its parent.
 */
public final class Processes {

    private Processes() {
    }

    /** @return this process: {@code MainProcess} at the root of a tree, the name it was given in a child */
    public static ProcessInfo current() {
        return ProcessContext.current();
    }

    /** @return the process that started this one, or empty at the root of a tree */
    public static Optional<ProcessInfo> parent() {
        return Optional.ofNullable(ProcessContext.parent());
    }

    /** @return whether this process was started as a daemon child */
    public static boolean isDaemon() {
        return ProcessContext.isDaemon();
    }

    /** @return the children this process started that are still running */
    public static List<Process> activeChildren() {
        return ChildRegistry.active();
    }

    /** @return the number of processors available to this JVM */
    public static int cpuCount() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Ends this process with the given exit code, after its shutdown hooks (which terminate daemon children and join
     * the others); in a child, the parent sees the code from {@link Process#exitCode()}.
     *
     * @param code the exit code
     */
    public static void exit(final int code) {
        System.exit(code);
    }

    /**
     * The authkey of this process tree: random in the root, inherited by every child; connections between processes
     * of the tree authenticate with it.
     *
     * @return a copy of the key
     */
    public static byte[] authkey() {
        return ProcessContext.authkey().clone();
    }
}
