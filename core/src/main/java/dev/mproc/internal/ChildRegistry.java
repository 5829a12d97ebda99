package dev.mproc.internal;

import dev.mproc.Process;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The children this process started and has not seen end; at exit, daemon children (all children, when this process
 * is an orphan or was terminated) are terminated and the others joined, as Python does.
 */
public final class ChildRegistry {

    private static final System.Logger LOG = System.getLogger(ChildRegistry.class.getName());
    private static final Duration TERMINATE_GRACE = Duration.ofSeconds(1);
    private static final ExitSet<Process> CHILDREN = new ExitSet<>(ChildRegistry::endChildren);
    private static volatile boolean parentDied;

    private ChildRegistry() {
    }

    /**
     * @param child a started child
     */
    public static void register(final Process child) {
        CHILDREN.add(child);
    }

    /**
     * @param child a child that has ended
     */
    public static void unregister(final Process child) {
        CHILDREN.remove(child);
    }

    /** @return the children still running */
    public static List<Process> active() {
        final List<Process> alive = new ArrayList<>();
        for (final Process child : CHILDREN.members()) {
            if (child.isAlive()) {
                alive.add(child);
            } else {
                CHILDREN.remove(child);
            }
        }
        return alive;
    }

    /** Marks this process an orphan: at exit its children are terminated rather than joined. */
    static void parentDied() {
        parentDied = true;
    }

    /**
     * Marks this process terminated ({@code Process.terminate()}, SIGTERM): it must end promptly, so at exit its
     * children are terminated rather than joined, as an orphan's are.
     */
    static void terminated() {
        parentDied = true;
    }

    private static void endChildren(final List<Process> registered) {
        final List<Process> children = registered.stream().filter(Process::isAlive).toList();
        for (final Process child : children) {
            if (parentDied || child.isDaemon()) {
                if (ChildMain.reachedItsTask(child.pid())) {
                    child.terminate();
                } else {
                    // A JVM still initializing has nothing to clean up, and on SIGTERM it may print the JDK's
                    // "Error occurred during initialization of VM" (JDK 25) instead of ending quietly.
                    child.kill();
                }
            }
        }
        for (final Process child : children) {
            try {
                if (parentDied || child.isDaemon()) {
                    if (!child.join(TERMINATE_GRACE)) {
                        child.kill();
                        child.join(TERMINATE_GRACE);
                    }
                } else {
                    LOG.log(System.Logger.Level.DEBUG, "joining {0} before exit", child);
                    child.join();
                }
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
