package dev.mproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.mproc.internal.pool.WorkerLoop;
import dev.mproc.testing.Await;
import dev.mproc.testing.Children;
import dev.mproc.testing.NoLeaks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Normal use logs nothing: a pool closed while its workers are still starting, and a pool left open when the program
 * ends, are normal, and neither the program nor any of its workers prints a line about them.
 */
@ExtendWith(NoLeaks.class)
class QuietLogTest {

    @TempDir
    Path dir;

    @Test
    void shouldLogNothingWhenPoolsCloseWhileStartingOrAreLeftOpenAtExit() throws Exception {
        final String marker = UUID.randomUUID().toString();
        final java.lang.Process program = new ProcessBuilder(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            // Forwarded to every child (a -Dmproc.* flag): how this test finds the workers once the program is gone.
            "-Dmproc.test.marker=" + marker,
            "-cp", System.getProperty("java.class.path"), ShortProgram.class.getName(),
            dir.resolve("no-pool.sock").toString()))
            .redirectOutput(dir.resolve("stdout.txt").toFile())
            .redirectError(dir.resolve("stderr.txt").toFile())
            .start();
        assertEquals(0, Children.awaitExit(program, Await.HANG), Files.readString(dir.resolve("stderr.txt")));
        // The workers' error stream is the program's: wait until every one has ended before reading it.
        Await.until("every worker of the program to end", () -> ProcessHandle.allProcesses()
            .noneMatch(p -> p.info().commandLine().map(line -> line.contains(marker)).orElse(false)));
        assertEquals("worker of a gone pool: exit code 1; done", Files.readString(dir.resolve("stdout.txt")).strip());
        final String err = Files.readString(dir.resolve("stderr.txt"));
        assertFalse(err.contains("SEVERE") || err.contains("ERROR") || err.contains("WARNING")
            || err.contains("Exception"), err);
    }

    /** A child JVM given no launch message (its parent ended first) exits without a word. */
    @Test
    void shouldEndAChildWhoseParentSentNoLaunchQuietly() throws Exception {
        final java.lang.Process child = new ProcessBuilder(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), "dev.mproc.internal.ChildMain"))
            .redirectInput(ProcessBuilder.Redirect.from(Files.createFile(dir.resolve("empty")).toFile()))
            .redirectOutput(dir.resolve("stdout.txt").toFile())
            .redirectError(dir.resolve("stderr.txt").toFile())
            .start();
        assertEquals(1, Children.awaitExit(child, Await.HANG));
        assertEquals("", Files.readString(dir.resolve("stderr.txt")) + Files.readString(dir.resolve("stdout.txt")));
    }

    /**
     * Runs a pool worker whose pool is gone before it could join (closed while its workers started), closes one pool
     * at once, and leaves another open at its end.
     */
    public static final class ShortProgram {
        public static void main(final String[] args) throws Exception {
            try (Process orphanWorker = Process.start(new WorkerLoop(args[0], 1, null, 0))) {
                orphanWorker.join();
                System.out.print("worker of a gone pool: exit code " + orphanWorker.exitCode().orElse(-1) + "; ");
            }
            final Pool closedAtOnce = Pool.create(6);
            closedAtOnce.close();
            closedAtOnce.join();
            final Pool leftOpen = Pool.create(6);
            System.out.println(leftOpen == null ? "no pool" : "done");
        }
    }
}
