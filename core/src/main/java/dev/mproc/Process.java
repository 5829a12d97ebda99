package dev.mproc;

import dev.mproc.internal.ChildClassPath;
import dev.mproc.internal.ChildLaunch;
import dev.mproc.internal.ChildOutput;
import dev.mproc.internal.ChildRegistry;
import dev.mproc.internal.JvmFlags;
import dev.mproc.internal.ProcessContext;
import dev.mproc.internal.Signals;
import dev.mproc.internal.SpareJvms;
import dev.mproc.internal.StandardCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a {@link Task}: Python's {@code multiprocessing.Process}.
 *
 * <pre>{@code
 * try (Process p = Process.start(() -> Files.writeString(out, "hello from " + Processes.current()))) {
 *     p.join();
 * }
 * }</pre>
 *
 * <p>The child is the same {@code java} with the same class path and the JVM flags it needs (see
 * {@link Builder#jvmOptions}); when the task's classes come from a launcher's own class loader of local jars and
 * directories (as with {@code mvn exec:java}), the child's class path gets those entries too; the task, with everything
 * it captures, arrives on its standard input; its standard output and error are this process's. IPC objects captured by
 * the task ({@link Handle}s) re-attach in the child.
 *
 * <p>Once a child has ended with exit code 0, a spare JVM of the same options, class path and environment boots in
 * the background, and the next such child runs in it instead of a JVM started then (Python's {@code forkserver});
 * a spare runs one child only, and ends with this process. {@code -Dmproc.spares=0} turns spares off,
 * {@code -Dmproc.spares=N} keeps N per shape.
 *
 * <p>Exit codes: 0 when the task returns; 1 on an uncaught exception (its stack trace is on the child's standard
 * error), the {@link InterruptedException} that {@link #interrupt()} causes included; the code passed to
 * {@link Processes#exit(int)}; {@code 128 + n} when ended by signal {@code n} (143 after {@link #terminate()}, 137
 * after {@link #kill()}), as a shell reports them. {@link #sentinel()} is what a wait watches for the child's end.
 *
 * <p><b>Thread safety:</b> safe for use by several threads. <b>Process safety:</b> only the process that started a
 * child controls it. A child whose parent dies, even by SIGKILL, exits within moments; at a normal exit of the parent,
 * daemon children are terminated and the others joined, as in Python.
 */
public final class Process implements AutoCloseable {

    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final String name;
    private final boolean daemon;
    private final java.lang.Process child;
    private final Sentinel sentinel;
    private final List<Thread> outputPumps;

    private Process(final String name, final boolean daemon, final java.lang.Process child,
                    final List<Thread> outputPumps) {
        this.name = name;
        this.daemon = daemon;
        this.child = child;
        this.outputPumps = outputPumps;
        // onExit completes once the JDK's reaper thread has collected the child's status: no polling.
        this.sentinel = new Sentinel("end of " + name + " (pid " + child.pid() + ")", child.onExit(),
            () -> !child.isAlive());
    }

    /**
     * Starts a child JVM running the task, with a generated name, not a daemon.
     *
     * @param task what the child runs
     * @return the running child
     * @throws java.io.NotSerializableException when the task captures something that is not serializable; the message
     *                                          names its class
     * @throws IOException                      when the child JVM cannot be started
     */
    public static Process start(final Task task) throws IOException {
        return builder().start(task);
    }

    /** @return a builder for a child with a name, daemon flag, JVM options or environment of its own */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the name, {@code Process-N} unless one was given */
    public String name() {
        return name;
    }

    /** @return whether the child is terminated, rather than joined, when this process exits */
    public boolean isDaemon() {
        return daemon;
    }

    /** @return the child's operating-system pid */
    public long pid() {
        return child.pid();
    }

    /** @return whether the child is still running */
    public boolean isAlive() {
        return child.isAlive();
    }

    /**
     * @return the exit code once the child has ended, empty while it runs
     */
    public OptionalInt exitCode() {
        return child.isAlive() ? OptionalInt.empty() : OptionalInt.of(child.exitValue());
    }

    /**
     * What a wait watches for the end of this child: Python's {@code p.sentinel}. It is ready once the child has
     * ended, however it ended ({@code kill -9} from anywhere included), and its exit code is then known;
     * {@code Connections.waitAny(List.of(conn, p.sentinel()), timeout)} of the pipe module waits for "a message, or
     * this child's end".
     *
     * @return the sentinel, the same object on every call
     */
    public Sentinel sentinel() {
        return sentinel;
    }

    /**
     * Waits for the child to end. Where its output is piped through this JVM's streams (under a test runner, see the
     * README), also for what it wrote to be copied there, as it would be written already where it is inherited.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public void join() throws InterruptedException {
        child.waitFor();
        ChildOutput.drain(outputPumps);
    }

    /**
     * Waits for the child to end, at most the timeout; as {@link #join()}, its piped output is then copied.
     *
     * @param timeout how long to wait
     * @return whether the child has ended
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean join(final Duration timeout) throws InterruptedException {
        if (!child.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        ChildOutput.drain(outputPumps);
        return true;
    }

    /**
     * Interrupts the child's task (SIGINT): Python's {@code os.kill(p.pid, signal.SIGINT)}, which raises
     * {@code KeyboardInterrupt} in the child. The child interrupts the thread running its task
     * ({@link Thread#interrupt()}): a task blocked in an interruptible wait gets an {@link InterruptedException} (an
     * {@link java.io.InterruptedIOException} from mproc's own waits) and, if it lets it escape, the child exits with
     * code 1, as a Python child does on an uncaught {@code KeyboardInterrupt}; a task that ignores interrupts, or that
     * catches the exception and goes on, keeps running. Does nothing when the child has ended.
     *
     * <p>While the child's JVM is still starting, before it has read its task, SIGINT ends it as it ends any JVM (exit
     * code 130); have the task say it is running (an event, a message) before interrupting it. A child whose SIGINT was
     * ignored when it started (inherited from a parent run under {@code nohup}, or in the background of a
     * non-interactive shell) ignores it, as a Python child does.
     *
     * @throws IOException when the signal cannot be sent (the message says why)
     */
    public void interrupt() throws IOException {
        if (!child.isAlive()) {
            return;
        }
        try {
            // Alive, so not reaped, so the pid is still the child's; the window until the signal lands is the one
            // Python's os.kill(p.pid) has too.
            Signals.send(child.pid(), "INT");
        } catch (final IOException e) {
            if (child.isAlive()) {
                throw new IOException("cannot interrupt " + this + ": " + e.getMessage(), e);
            }
        }
    }

    /** Asks the child to end (SIGTERM); its shutdown hooks run. Does nothing when it has ended. */
    public void terminate() {
        child.destroy();
    }

    /** Ends the child at once (SIGKILL). Does nothing when it has ended. */
    public void kill() {
        child.destroyForcibly();
    }

    /**
     * Makes sure the child has ended and releases what this process holds for it: a child still running is
     * terminated, and killed if it has not ended within 2 seconds. Join first to let it finish.
     */
    @Override
    public void close() {
        boolean interrupted = false;
        try {
            if (child.isAlive()) {
                terminate();
                if (!join(CLOSE_GRACE)) {
                    kill();
                    child.waitFor();
                }
            }
        } catch (final InterruptedException e) {
            interrupted = true;
            kill();
        } finally {
            ChildRegistry.unregister(this);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        final OptionalInt code = child.isAlive() ? OptionalInt.empty() : OptionalInt.of(child.exitValue());
        return "<Process name='" + name + "' pid=" + child.pid() + (daemon ? " daemon" : "")
            + (code.isPresent() ? " exitcode=" + code.getAsInt() : " started") + ">";
    }

    /**
     * Configures and starts a child: name, daemon flag, extra JVM options, environment.
     *
     * <p><b>Thread safety:</b> not thread-safe; a builder may start several children, one after another.
     */
    public static final class Builder {

        private String name;
        private boolean daemon;
        private final List<String> jvmOptions = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final Set<ClassLoader> classLoaders = new LinkedHashSet<>();

        private Builder() {
        }

        /**
         * @param name the child's name, as {@link Processes#current()} reports it there
         * @return this builder
         */
        public Builder name(final String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * @param daemon whether the child is terminated (rather than joined) when this process exits
         * @return this builder
         */
        public Builder daemon(final boolean daemon) {
            this.daemon = daemon;
            return this;
        }

        /**
         * Adds JVM options for the child, after the flags it gets anyway (the module exports and opens of this JVM,
         * and those the modules on the class path declare), so they can override them: {@code "-Xmx64m"}.
         *
         * @param options the options
         * @return this builder
         */
        public Builder jvmOptions(final String... options) {
            jvmOptions.addAll(Arrays.asList(options));
            return this;
        }

        /**
         * Gives the child the classes of a class loader of this JVM that is not on the application class path: the
         * child's class path gets the local jars and directories of the loader and of its URL class loader parents.
         * Classes the task itself references are found without this; it is for classes the child loads later,
         * such as those of tasks a pool sends to its workers after they started.
         *
         * @param loader a loader made of {@link java.net.URLClassLoader}s over local files (such as
         *               {@code mvn exec:java}'s), or the application loader (nothing to add)
         * @return this builder
         * @throws IllegalArgumentException when the loader's classes could not be named on a command line
         */
        public Builder classLoader(final ClassLoader loader) {
            if (!ChildClassPath.reachable(loader)) {
                throw new IllegalArgumentException(loader + " is not made of local jars and directories; a child JVM"
                    + " cannot be given its classes");
            }
            if (!ChildClassPath.isApplicationOrAncestor(loader)) {
                classLoaders.add(loader);
            }
            return this;
        }

        /**
         * Sets an environment variable of the child; the rest of this process's environment is inherited.
         *
         * @param variable the name
         * @param value    the value
         * @return this builder
         */
        public Builder environment(final String variable, final String value) {
            environment.put(Objects.requireNonNull(variable, "variable"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Starts a child running the task.
         *
         * @param task what the child runs
         * @return the running child
         * @throws java.io.NotSerializableException when the task captures something not serializable (named)
         * @throws java.io.InvalidObjectException  when it references a class a child JVM cannot load (named)
         * @throws IOException                      when the child JVM cannot be started (its class path would not
         *                                          hold mproc, named), or died before it could take its task (its
         *                                          own message is on standard error)
         */
        public Process start(final Task task) throws IOException {
            Objects.requireNonNull(task, "task");
            final ByteArrayOutputStream encoded = new ByteArrayOutputStream(512);
            final Set<ClassLoader> loaders = new LinkedHashSet<>(StandardCodec.encodeTask(task, encoded));
            loaders.addAll(classLoaders);
            loaders.add(Process.class.getClassLoader());

            final String identity = ProcessContext.nextChildIdentity();
            final String childName = name != null ? name : "Process-" + identity;
            final String classPath = ChildClassPath.forLoaders(loaders);
            ChildClassPath.requireEntryPoint(classPath);
            final List<String> flags = new ArrayList<>(JvmFlags.forChildren());
            flags.addAll(jvmOptions);
            final boolean piped = ChildOutput.piped();
            final SpareJvms.Shape shape = new SpareJvms.Shape(flags, classPath, ChildClassPath.entryPoint(loaders),
                environment, piped);
            final SpareJvms.Booted jvm = SpareJvms.take(shape);
            final java.lang.Process child = jvm.process();
            final List<Thread> pumps = piped
                ? List.of(ChildOutput.pump(child.getInputStream(), () -> System.out, childName),
                    ChildOutput.pump(child.getErrorStream(), () -> System.err, childName))
                : List.of();
            final ProcessInfo self = Processes.current();
            final ChildLaunch launch = new ChildLaunch(childName, identity, daemon, self.name(), self.pid(),
                ProcessContext.authkey(), encoded.toByteArray());
            try (OutputStream stdin = child.getOutputStream()) {
                launch.writeTo(stdin);
            } catch (final IOException e) {
                throw diedAtStart(childName, child, e);
            }
            final Process process = new Process(childName, daemon, child, pumps);
            ChildRegistry.register(process);
            child.onExit().thenRun(() -> {
                ChildRegistry.unregister(process);
                jvm.sharing().childEnded(child.exitValue());
                SpareJvms.childEnded(shape, child.exitValue());
            });
            return process;
        }

        private static IOException diedAtStart(final String name, final java.lang.Process child,
                                               final IOException cause) {
            String code = "unknown";
            try {
                if (child.waitFor(5, TimeUnit.SECONDS)) {
                    code = Integer.toString(child.exitValue());
                }
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            child.destroyForcibly();
            return new IOException("child JVM " + name + " exited before it took its task (exit code " + code
                + "); the JVM's own message is on standard error", cause);
        }
    }
}
