package dev.mproc.internal;

import dev.mproc.Task;
import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The entry point of every child JVM: reads its {@link ChildLaunch} from standard input, watches for its parent's
 * death, and runs the task.
 *
 * <p>Exit codes: 0 when the task returns (once the task's non-daemon threads end, as Python joins its threads); 1 on
 * an uncaught exception, logged with its stack trace on standard error; 1 when the task cannot be loaded; what the
 * task passes to {@code Processes.exit}. When the parent dies, even by SIGKILL, the child exits at once.
 */
public final class ChildMain {

    private static final System.Logger LOG = System.getLogger(ChildMain.class.getName());

    /** How long an orphaned child gives its cleanup before it halts. */
    private static final long ORPHAN_GRACE_MILLIS = 1500;

    private ChildMain() {
    }

    /**
     * @param args ignored; everything comes on standard input
     */
    public static void main(final String[] args) {
        final InputStream lifeline = new FileInputStream(FileDescriptor.in);
        final ChildLaunch launch;
        try {
            launch = ChildLaunch.readFrom(lifeline);
        } catch (final IOException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot start: " + e.getMessage()
                + " (this class is started by dev.mproc.Process, not by hand)");
            System.exit(1);
            return;
        }
        ProcessContext.becomeChild(launch);
        System.setIn(new ByteArrayInputStream(new byte[0]));
        watchParent(lifeline, launch.parentPid());

        final Task task;
        try {
            task = (Task) StandardCodec.INSTANCE.decode(launch.task(), 0, launch.task().length);
        } catch (final IOException | ClassCastException e) {
            LOG.log(System.Logger.Level.ERROR, "Process " + launch.name() + " (pid " + ProcessHandle.current().pid()
                + ") cannot load its task: " + e.getMessage(), e);
            System.exit(1);
            return;
        }
        try {
            task.run();
        } catch (final Throwable failure) {
            LOG.log(System.Logger.Level.ERROR, "Process " + launch.name() + " (pid "
                + ProcessHandle.current().pid() + ") failed", failure);
            System.exit(1);
        }
    }

    /** The parent holds the write end of our standard input until it exits; end-of-file means it is gone. */
    private static void watchParent(final InputStream lifeline, final long parentPid) {
        final Thread watcher = new Thread(() -> {
            try {
                while (lifeline.read() >= 0) {
                    // The parent writes nothing after the launch message; keep waiting for the end.
                }
            } catch (final IOException e) {
                // A broken pipe is the parent's death too.
            }
            ChildRegistry.parentDied();
            final Thread halter = new Thread(() -> {
                try {
                    Thread.sleep(ORPHAN_GRACE_MILLIS);
                } catch (final InterruptedException ignored) {
                    // Halt now.
                }
                Runtime.getRuntime().halt(1);
            }, "mproc-orphan-halt");
            halter.setDaemon(true);
            halter.start();
            LOG.log(System.Logger.Level.DEBUG, "parent {0} is gone; exiting", parentPid);
            System.exit(1);
        }, "mproc-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
