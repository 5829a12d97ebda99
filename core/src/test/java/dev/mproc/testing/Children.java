package dev.mproc.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Helpers for tests that watch real processes: files children write, processes that must vanish, and whole parent
 * JVMs run from a test with their output captured.
 */
public final class Children {

    private Children() {
    }

    /** Waits until a file exists and has content, then returns it (trimmed). */
    public static String awaitFile(final Path file, final Duration timeout) throws Exception {
        Await.until("content in " + file, () -> Files.exists(file) && !Files.readString(file).isBlank(), timeout);
        return Files.readString(file).trim();
    }

    /** Waits until the process with this pid is gone; returns whether it went in time. */
    public static boolean awaitGone(final long pid, final Duration timeout) throws Exception {
        return Await.within(timeout, () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    }

    /**
     * Whether this JVM started with SIGINT ignored (inherited from a parent run under {@code nohup} or in the
     * background of a non-interactive shell): its children then ignore SIGINT too, as Python's do, and a test of
     * {@code Process.interrupt()} cannot run. Read from {@code /proc}; false where there is none.
     */
    public static boolean sigintIgnored() throws IOException {
        final Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return false;
        }
        for (final String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                final long ignored = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
                return (ignored & 1L << (2 - 1)) != 0; // SIGINT is signal 2, bit 1
            }
        }
        return false;
    }

    /** Runs a main class in a fresh JVM with this JVM's class path and no flags; output and error go to files. */
    public static java.lang.Process launchJvm(final Path outputDir, final Class<?> main, final String... args)
        throws IOException {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
            .redirectOutput(outputDir.resolve("stdout.txt").toFile())
            .redirectError(outputDir.resolve("stderr.txt").toFile())
            .start();
    }

    /** Waits for a launched JVM to end, killing it if it does not within the timeout. */
    public static int awaitExit(final java.lang.Process process, final Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            throw new AssertionError("JVM " + process.pid() + " did not end within " + timeout);
        }
        return process.exitValue();
    }
}
