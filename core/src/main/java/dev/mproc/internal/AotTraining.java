package dev.mproc.internal;

import dev.mproc.ProcessInfo;
import dev.mproc.Task;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Makes the ahead-of-time cache of a class path and set of JVM options (JDK 25 and later), in the background, once
 * a child with them has succeeded: a training JVM runs mproc's child entry point on a task of its own in the JDK's
 * record mode, then a second JVM assembles the cache, which later children map with {@code -XX:AOTCache}.
 *
 * <p>Training runs apart from the children rather than in the first of them, as the dynamic archive is made,
 * because the JDK prints its own lines about recording on the JVM's standard output, which is the user's; the
 * training JVMs' output is discarded. They are ended when this process exits, leaving no cache (the next run
 * trains again), and their partial files go with them or with the cache's next pruning.
 *
 * @param archive   where the cache goes
 * @param classPath the children's class path
 * @param flags     their other JVM options
 */
public record AotTraining(Path archive, String classPath, List<String> flags) {

    private static final System.Logger LOG = System.getLogger(AotTraining.class.getName());
    private static final ExecutorService TRAINER = Executors.newSingleThreadExecutor(runnable -> {
        final Thread thread = new Thread(runnable, "mproc-aot-training");
        thread.setDaemon(true);
        return thread;
    });
    private static final ExitSet<java.lang.Process> RUNNING = new ExitSet<>(
        jvms -> jvms.forEach(java.lang.Process::destroyForcibly));
    private static final long TRAINING_MINUTES = 2;

    /** Copies the options, so that the training runs with the ones the children had. */
    public AotTraining {
        flags = List.copyOf(flags);
    }

    /** Starts training in the background, unless a JVM of this process is already making this cache. */
    void start() {
        if (Files.isReadable(archive) || !ClassDataSharing.DUMPING.add(archive)) {
            return;
        }
        TRAINER.execute(() -> {
            final String pid = Long.toString(ProcessHandle.current().pid());
            final Path configuration = archive.resolveSibling(archive.getFileName() + ".conf." + pid
                + ClassDataSharing.PARTIAL);
            final Path partial = archive.resolveSibling(archive.getFileName() + "." + pid + ClassDataSharing.PARTIAL);
            try {
                Files.createDirectories(archive.getParent());
                if (run(jvm("-XX:AOTMode=record", "-XX:AOTConfiguration=" + configuration, true), true)
                    && run(jvm("-XX:AOTMode=create", "-XX:AOTConfiguration=" + configuration, false,
                        "-XX:AOTCache=" + partial), false)
                    && Files.size(partial) > 0) {
                    Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    ClassDataSharing.evict(archive.getParent());
                }
            } catch (final IOException e) {
                // No cache: children start as they did; the next process to run one trains again.
                LOG.log(System.Logger.Level.DEBUG, "ahead-of-time training failed for " + archive, e);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                delete(configuration);
                delete(partial);
                ClassDataSharing.DUMPING.remove(archive);
            }
        });
    }

    private List<String> jvm(final String mode, final String configuration, final boolean entryPoint,
                             final String... more) {
        final List<String> command = new ArrayList<>();
        command.add(JvmFlags.javaExecutable());
        command.addAll(ClassDataSharing.QUIET);
        command.addAll(flags);
        command.add(mode);
        command.add(configuration);
        command.addAll(List.of(more));
        command.add("-cp");
        command.add(classPath);
        if (entryPoint) {
            command.add(ChildMain.class.getName());
        }
        return command;
    }

    /** Runs a training JVM to its end; a recording one is fed a launch whose task is a no-op of mproc's own. */
    private static boolean run(final List<String> command, final boolean launch)
        throws IOException, InterruptedException {
        final java.lang.Process jvm = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        RUNNING.add(jvm);
        try {
            try (OutputStream in = jvm.getOutputStream()) {
                if (launch) {
                    final ByteArrayOutputStream task = new ByteArrayOutputStream(512);
                    StandardCodec.encodeTask(noOp(), task);
                    final ProcessInfo self = ProcessContext.current();
                    new ChildLaunch("mproc-aot-training", "aot", true, self.name(), self.pid(), new byte[32],
                        task.toByteArray()).writeTo(in);
                }
            } catch (final IOException e) {
                // It ended already: its exit code says how.
            }
            if (!jvm.waitFor(TRAINING_MINUTES, TimeUnit.MINUTES)) {
                jvm.destroyForcibly();
                return false;
            }
            return jvm.exitValue() == 0;
        } finally {
            RUNNING.remove(jvm);
        }
    }

    private static Task noOp() {
        return () -> ProcessHandle.current().pid();
    }

    private static void delete(final Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (final IOException ignored) {
            // A leftover partial file is pruned with the cache, by name, once this process is gone.
        }
    }
}
