package dev.mproc.internal;

import dev.mproc.Task;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * The entry point of every child JVM: reads its {@link ChildLaunch} from standard input, watches for its parent's
 * death, and runs the task.
 *
 * <p>Exit codes: 0 when the task returns (once the task's non-daemon threads end, as Python joins its threads); 1 on
 * an uncaught exception, logged with its stack trace on standard error; 1 when the task cannot be loaded; what the
 * task passes to {@code Processes.exit}. When the parent dies, even by SIGKILL, the child exits within
 * {@value #PARENT_CHECK_MILLIS} ms and the grace its cleanup takes.
 */
public final class ChildMain {

    /**
     * How often the child checks that its parent lives. Polling, rather than a thread blocked reading a pipe from the
     * parent: the JVM delays its exit by up to 300 ms while a thread is blocked in native code.
     */
    private static final long PARENT_CHECK_MILLIS = Long.getLong("mproc.parentCheckMillis", 100);

    /** The exit status of a JVM ended by SIGTERM: 128 + 15, as a shell reports it. */
    private static final int TERMINATED_STATUS = 143;

    /** How long an orphaned child gives its cleanup before it halts. */
    private static final long ORPHAN_GRACE_MILLIS = 1500;

    /** The parent watch's thread name, which also tells a parent that this child reached its task's set-up. */
    private static final String PARENT_WATCH = "mproc-parent-watch";

    private ChildMain() {
    }

    /**
     * @param args ignored; everything comes on standard input
     */
    public static void main(final String[] args) {
        final ChildLaunch launch;
        final boolean spare;
        try (FileInputStream stdin = new FileInputStream(FileDescriptor.in)) {
            spare = stdin.available() == 0;
            if (spare) {
                prepareWhileIdle();
            }
            launch = ChildLaunch.readFrom(stdin);
        } catch (final EOFException e) {
            // The parent ended, or gave this child up, before it sent the whole launch (a pool closed at exit while
            // its workers started): nothing to run and nothing worth a message, unless a person typed at a terminal.
            log().log(atATerminal() ? System.Logger.Level.ERROR : System.Logger.Level.DEBUG,
                "no launch message on standard input (this class is started by dev.mproc.Process, not by hand)");
            System.exit(1);
            return;
        } catch (final IOException e) {
            log().log(System.Logger.Level.ERROR, "cannot start: " + e
                + " (this class is started by dev.mproc.Process, not by hand)");
            System.exit(1);
            return;
        }
        ProcessContext.becomeChild(launch);
        System.setIn(new ByteArrayInputStream(new byte[0]));
        if (!spare) {
            watchParent(launch.parentPid());
            endPromptlyWhenTerminated();
        }
        interruptTaskOnSigint(Thread.currentThread());

        final Task task;
        try {
            task = (Task) StandardCodec.FOR_CHILD.decode(launch.task(), 0, launch.task().length);
        } catch (final IOException | ClassCastException e) {
            log().log(System.Logger.Level.ERROR, "Process " + launch.name() + " (pid "
                + ProcessHandle.current().pid() + ") cannot load its task: " + e.getMessage(), e);
            System.exit(1);
            return;
        }
        try {
            task.run();
        } catch (final Throwable failure) {
            log().log(System.Logger.Level.ERROR, "Process " + launch.name() + " (pid "
                + ProcessHandle.current().pid() + ") failed", failure);
            System.exit(1);
        }
    }

    /**
     * A spare JVM ({@link SpareJvms}), whose launch is not there yet, does what does not depend on its task while it
     * waits, so that the task starts sooner: it watches its parent (the process that started it, which is the one that
     * will launch it) and ends promptly on SIGTERM, as a launched child does; and it decodes and runs a task of its
     * own, so that the classes and call sites every task needs (the codec, its filter, lambda deserialization, string
     * concatenation, the signal handler's proxy, the handshake's cryptography, and what each module on the class path
     * names as its {@link SpareWarmUp}) are loaded and linked before the real task comes. SIGINT is handled only once
     * the task is there: before, it ends the JVM, as it ends any JVM still starting. A JVM started for a task does
     * none of this here: its launch is already on standard input, and the same steps follow it.
     */
    private static void prepareWhileIdle() {
        watchParent(ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L));
        endPromptlyWhenTerminated();
        try {
            final Task warmUp = () -> ("pid " + ProcessHandle.current().pid()).isEmpty();
            final ByteArrayOutputStream encoded = new ByteArrayOutputStream(512);
            StandardCodec.encodeTask(warmUp, encoded);
            ((Task) StandardCodec.FOR_CHILD.decode(encoded.toByteArray(), 0, encoded.size())).run();
            Signals.prepare();
            dev.mproc.internal.wire.Authenticator.prepare();
            for (final SpareWarmUp module : ServiceLoader.load(SpareWarmUp.class, ChildMain.class.getClassLoader())) {
                module.warmUp();
            }
        } catch (final Exception | LinkageError | java.util.ServiceConfigurationError e) {
            // Only time is lost: the task's own decoding loads the same classes, or says what is wrong.
            log().log(System.Logger.Level.DEBUG, "warming up a spare JVM failed", e);
        }
    }

    /**
     * Whether a person runs this JVM at a terminal: a console that is a terminal. From JDK 22 {@code System.console()}
     * may be there with redirected streams; {@code Console.isTerminal()} (JDK 22) tells, called where it exists.
     */
    private static boolean atATerminal() {
        final java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (final ReflectiveOperationException | RuntimeException e) {
            // Before JDK 22 a console is there only at a terminal.
            return true;
        }
    }

    /**
     * Whether a child JVM has come as far as its task's set-up (its parent watch runs, so its own SIGTERM handling is
     * in place), or ended. Read from the names of its threads, which Linux shows; elsewhere, or when they cannot be
     * read, true.
     *
     * @param pid the child's pid
     * @return false only for a child that is seen to be still starting
     */
    static boolean reachedItsTask(final long pid) {
        final Path threads = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(threads)) {
            return true;
        }
        try (DirectoryStream<Path> each = Files.newDirectoryStream(threads)) {
            for (final Path thread : each) {
                if (PARENT_WATCH.startsWith(Files.readString(thread.resolve("comm")).strip())) {
                    return true;
                }
            }
            return false;
        } catch (final IOException | RuntimeException e) {
            return true;
        }
    }

    /**
     * Exits when the parent is gone: the operating system re-parents an orphan at once, even while the dead parent is
     * a zombie, so a changed parent pid is the parent's death.
     */
    private static void watchParent(final long parentPid) {
        final Thread watcher = new Thread(() -> {
            while (ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L) == parentPid) {
                try {
                    Thread.sleep(PARENT_CHECK_MILLIS);
                } catch (final InterruptedException e) {
                    return;
                }
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
            log().log(System.Logger.Level.DEBUG, "parent {0} is gone; exiting", Long.toString(parentPid));
            System.exit(1);
        }, PARENT_WATCH);
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * {@code Process.terminate()} sends SIGTERM, and a terminated child must end promptly: the JVM's own handling runs
     * the exit hooks, which would join the child's own non-daemon children without limit. This handler says the
     * process was terminated (its children are then terminated, not joined) and exits with the status SIGTERM gives.
     * A JVM that keeps SIGTERM to itself ({@code -Xrs}) still ends on it, only without the prompt end of its children.
     */
    private static void endPromptlyWhenTerminated() {
        Signals.handle("TERM", () -> {
            ChildRegistry.terminated();
            System.exit(TERMINATED_STATUS);
        });
    }

    /**
     * {@code Process.interrupt()} sends SIGINT, Python's {@code KeyboardInterrupt}: the thread running the task is
     * interrupted rather than the JVM ended, so a task blocked in an interruptible wait ends with an
     * {@link InterruptedException} (exit code 1 when it lets it escape, as a Python child's uncaught
     * {@code KeyboardInterrupt}) and a task that ignores interrupts goes on. Ctrl-C in a terminal, which signals the
     * whole process group, reaches children the same way.
     */
    private static void interruptTaskOnSigint(final Thread task) {
        Signals.handle("INT", task::interrupt);
    }

    /** The logger, made only when needed: initializing logging costs a child tens of milliseconds at start. */
    private static System.Logger log() {
        return System.getLogger(ChildMain.class.getName());
    }
}
