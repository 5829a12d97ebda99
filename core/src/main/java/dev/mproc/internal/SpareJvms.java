package dev.mproc.internal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * Warm JVMs, the JVM's answer to Python's {@code forkserver}: once a child has run, a spare JVM of the same shape
 * (JVM options, class path, entry point, environment, output) is booted in the background and waits on its standard
 * input for a {@link ChildLaunch}; the next child of that shape is the spare, told its task, rather than a JVM
 * started then. A spare is used once, so every child is still a fresh JVM; a spare still booting is taken all the
 * same (it is further along than a JVM started now).
 *
 * <p>A spare ends with this process: when it exits, even by SIGKILL, the spare reads the end of its standard input
 * and exits quietly; at a normal exit spares are also ended at once. {@value #PROPERTY} sets how many spares each
 * shape keeps (default {@value #DEFAULT_SPARES}, 0 turns them off); at most {@value #MAX_SHAPES} shapes keep spares,
 * the least recently used giving way.
 *
 * <p><b>Thread safety:</b> safe from any thread. <b>Process safety:</b> spares belong to the process that booted them.
 */
public final class SpareJvms {

    /** The system property: spares per shape, 0 for none. */
    public static final String PROPERTY = "mproc.spares";
    /** Spares per shape unless the property says otherwise. */
    public static final int DEFAULT_SPARES = 1;
    /** The most shapes that keep spares at once. */
    public static final int MAX_SHAPES = 4;

    private static final System.Logger LOG = System.getLogger(SpareJvms.class.getName());

    /** Spares by shape, least recently used first; guarded by itself. */
    private static final Map<Shape, Deque<Booted>> SPARES = new LinkedHashMap<>(8, 0.75f, true);
    private static final ExecutorService BOOTER = Executors.newSingleThreadExecutor(runnable -> {
        final Thread thread = new Thread(runnable, "mproc-spare-jvms");
        thread.setDaemon(true);
        return thread;
    });
    private static final ExitSet<Booted> AT_EXIT = new ExitSet<>(spares -> spares.forEach(Booted::discard));

    private SpareJvms() {
    }

    /**
     * What a child JVM is started with; a spare serves only a child of its own shape.
     *
     * @param flags       the JVM options
     * @param classPath   the class path
     * @param entryPoint  the main class, and what starts it
     * @param environment the variables set on top of this process's environment
     * @param piped       whether the child's output is piped to this process rather than inherited
     */
    public record Shape(List<String> flags, String classPath, List<String> entryPoint,
                        Map<String, String> environment, boolean piped) {

        /** Copies the lists and map, so that the shape does not change under its spares. */
        public Shape {
            flags = List.copyOf(flags);
            entryPoint = List.copyOf(entryPoint);
            environment = Map.copyOf(environment);
        }
    }

    /**
     * A child JVM started and not yet told its task.
     *
     * @param process the JVM
     * @param sharing its class-data-sharing plan, for when it ends
     */
    public record Booted(java.lang.Process process, ClassDataSharing.Plan sharing) {

        void discard() {
            process.destroyForcibly();
            process.onExit().thenRun(() -> sharing.childEnded(process.exitValue()));
        }
    }

    /** @return how many spares each shape keeps */
    public static int perShape() {
        return Math.max(0, Integer.getInteger(PROPERTY, DEFAULT_SPARES));
    }

    /**
     * A JVM for a child of this shape: a spare when there is one (and then a spare is booted for the next child of
     * the shape), otherwise one started now.
     *
     * @param shape the child's shape
     * @return the JVM, which reads its launch from standard input
     * @throws IOException when no JVM can be started
     */
    public static Booted take(final Shape shape) throws IOException {
        Booted spare = null;
        synchronized (SPARES) {
            final Deque<Booted> ready = SPARES.get(shape);
            while (ready != null && spare == null && !ready.isEmpty()) {
                final Booted candidate = ready.poll();
                AT_EXIT.remove(candidate);
                if (candidate.process().isAlive()) {
                    spare = candidate;
                }
            }
        }
        if (spare == null) {
            return boot(shape, true);
        }
        replenishLater(shape);
        return spare;
    }

    /**
     * Says that a child of this shape has ended; one that succeeded proves that JVMs of the shape start, and the
     * shape gets a spare. Until then none is booted: a program that starts one child pays for no second JVM, and a
     * shape whose JVMs cannot start (a bad option) does not print the JVM's complaint once more for a spare.
     *
     * @param shape    the child's shape
     * @param exitCode its exit code
     */
    public static void childEnded(final Shape shape, final int exitCode) {
        if (exitCode == 0) {
            replenishLater(shape);
        }
    }

    private static void replenishLater(final Shape shape) {
        if (perShape() > 0) {
            BOOTER.execute(() -> replenish(shape));
        }
    }

    /** @return the pids of the spares now waiting, which are this process's children but not its processes */
    public static Set<Long> pids() {
        synchronized (SPARES) {
            return SPARES.values().stream().flatMap(Deque::stream).map(booted -> booted.process().pid())
                .collect(Collectors.toUnmodifiableSet());
        }
    }

    /** Ends every spare now; later children start cold until spares are booted again. */
    public static void discardAll() {
        final List<Booted> spares = new ArrayList<>();
        synchronized (SPARES) {
            SPARES.values().forEach(spares::addAll);
            SPARES.clear();
        }
        spares.forEach(spare -> {
            AT_EXIT.remove(spare);
            spare.discard();
        });
    }

    private static void replenish(final Shape shape) {
        final int wanted = perShape();
        final List<Booted> evicted = new ArrayList<>();
        synchronized (SPARES) {
            final Deque<Booted> ready = SPARES.computeIfAbsent(shape, s -> new ArrayDeque<>());
            ready.removeIf(booted -> !booted.process().isAlive());
            if (ready.size() >= wanted) {
                return;
            }
            while (SPARES.size() > MAX_SHAPES) {
                final Shape eldest = SPARES.keySet().iterator().next();
                evicted.addAll(SPARES.remove(eldest));
            }
        }
        evicted.forEach(spare -> {
            AT_EXIT.remove(spare);
            spare.discard();
        });
        try {
            final Booted booted = boot(shape, false);
            synchronized (SPARES) {
                final Deque<Booted> ready = SPARES.get(shape);
                if (ready != null && ready.size() < wanted) {
                    ready.add(booted);
                    AT_EXIT.add(booted);
                    return;
                }
            }
            booted.discard();
        } catch (final IOException e) {
            // The next child of the shape starts cold, and says why if it cannot start at all.
            LOG.log(System.Logger.Level.DEBUG, "cannot boot a spare JVM", e);
        }
    }

    /**
     * @param mayMakeArchive false for a spare: a JVM that may wait until this process exits, and then exit without
     *                       a task, must not be the one that writes the class-data-sharing archive at its exit
     */
    private static Booted boot(final Shape shape, final boolean mayMakeArchive) throws IOException {
        ClassDataSharing.Plan sharing = ClassDataSharing.plan(shape.classPath(), shape.flags());
        if (!mayMakeArchive && sharing.partial() != null) {
            sharing.childEnded(1);
            sharing = ClassDataSharing.Plan.NONE;
        }
        final List<String> command = new ArrayList<>();
        command.add(JvmFlags.javaExecutable());
        command.addAll(sharing.options());
        command.addAll(shape.flags());
        command.add("-cp");
        command.add(shape.classPath());
        command.addAll(shape.entryPoint());
        final ProcessBuilder.Redirect output = shape.piped() ? ProcessBuilder.Redirect.PIPE
            : ProcessBuilder.Redirect.INHERIT;
        final ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(output).redirectError(output);
        builder.environment().putAll(shape.environment());
        try {
            return new Booted(builder.start(), sharing);
        } catch (final IOException e) {
            throw new IOException("cannot start a child JVM (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }
}
