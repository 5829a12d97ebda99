package dev.mproc.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs this process's cleanup actions, newest first, from one shutdown hook: removing owned files, ending child
 * processes. One hook rather than many, so the order is known.
 */
public final class ExitCleanup {

    private static final List<Runnable> ACTIONS = new ArrayList<>();
    private static boolean hooked;
    private static volatile boolean exiting;

    private ExitCleanup() {
    }

    /**
     * Adds an action to run at exit; actions added later run first.
     *
     * @param action what to do; exceptions it throws are logged, and the other actions still run
     */
    public static synchronized void register(final Runnable action) {
        if (!hooked) {
            Runtime.getRuntime().addShutdownHook(new Thread(ExitCleanup::runAll, "mproc-exit-cleanup"));
            hooked = true;
        }
        ACTIONS.add(action);
    }

    /**
     * Whether this JVM is shutting down: its shutdown hooks run, or are about to. Whatever would start something new
     * (a replacement worker) asks this first.
     *
     * @return true once the JVM's shutdown has begun
     */
    public static boolean exiting() {
        if (exiting) {
            return true;
        }
        // The JDK refuses new hooks from the moment shutdown begins, before any hook runs: the earliest sign there is.
        final Thread probe = new Thread(() -> { }, "mproc-exit-probe");
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (final IllegalStateException e) {
            return true;
        }
    }

    private static void runAll() {
        exiting = true;
        final List<Runnable> actions;
        synchronized (ExitCleanup.class) {
            actions = new ArrayList<>(ACTIONS);
        }
        for (int i = actions.size() - 1; i >= 0; i--) {
            try {
                actions.get(i).run();
            } catch (final RuntimeException | Error e) {
                System.getLogger(ExitCleanup.class.getName())
                    .log(System.Logger.Level.WARNING, "cleanup action failed at exit", e);
            }
        }
    }
}
