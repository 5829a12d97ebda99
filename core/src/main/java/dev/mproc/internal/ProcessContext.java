package dev.mproc.internal;

import dev.mproc.ProcessInfo;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who this process is in its tree: name, identity, parent, and the tree's authkey. Set once, at start-up of a child;
 * the root of a tree keeps the defaults ({@code MainProcess}, a fresh random authkey).
 */
public final class ProcessContext {

    private static final int AUTHKEY_LENGTH = 32;
    private static final long PID = ProcessHandle.current().pid();
    private static final AtomicInteger CHILD_COUNTER = new AtomicInteger();

    private static volatile String name = "MainProcess";
    private static volatile String identity = "";
    private static volatile boolean daemon;
    private static volatile ProcessInfo parent;
    private static volatile byte[] authkey;

    private ProcessContext() {
    }

    /**
     * Called once by the child bootstrap, before the task runs.
     *
     * @param launch what the parent sent
     */
    static void becomeChild(final ChildLaunch launch) {
        name = launch.name();
        identity = launch.identity();
        daemon = launch.daemon();
        parent = new ProcessInfo(launch.parentName(), launch.parentPid());
        authkey = launch.authkey().clone();
    }

    /** @return this process */
    public static ProcessInfo current() {
        return new ProcessInfo(name, PID);
    }

    /** @return the parent process, or null for the root of the tree */
    public static ProcessInfo parent() {
        return parent;
    }

    /** @return whether this process was started as a daemon */
    public static boolean isDaemon() {
        return daemon;
    }

    /** @return the authkey shared by this process tree (the array itself; do not modify) */
    public static byte[] authkey() {
        byte[] key = authkey;
        if (key == null) {
            synchronized (ProcessContext.class) {
                key = authkey;
                if (key == null) {
                    key = new byte[AUTHKEY_LENGTH];
                    new SecureRandom().nextBytes(key);
                    authkey = key;
                }
            }
        }
        return key;
    }

    /**
     * The identity of the next child, as Python numbers them: {@code 1}, {@code 2} in the root; {@code 1:1} in child 1.
     *
     * @return the identity
     */
    public static String nextChildIdentity() {
        final int n = CHILD_COUNTER.incrementAndGet();
        return identity.isEmpty() ? Integer.toString(n) : identity + ":" + n;
    }
}
