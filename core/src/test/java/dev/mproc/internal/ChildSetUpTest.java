package dev.mproc.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Process;
import dev.mproc.testing.Await;
import dev.mproc.testing.NoLeaks;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** How a parent tells a child that reached its task's set-up from one still starting, which it kills at exit. */
@ExtendWith(NoLeaks.class)
class ChildSetUpTest {

    @TempDir
    Path dir;

    @Test
    void shouldTellAChildRunningItsTaskFromAProcessThatIsNoMprocChild() throws Exception {
        final Path running = dir.resolve("running");
        final String marker = running.toString();
        try (Process child = Process.start(() -> {
            Files.writeString(Path.of(marker), "yes");
            Await.untilKilled();
        })) {
            Await.until("the child runs its task", () -> Files.exists(running));
            assertTrue(ChildMain.reachedItsTask(child.pid()));
            child.kill();
        }
        // A process that never runs mproc's child entry point has no parent watch: it counts as still starting.
        final java.lang.Process other = new ProcessBuilder("sleep", "600").start();
        try {
            assertFalse(ChildMain.reachedItsTask(other.pid()));
        } finally {
            other.destroyForcibly();
            other.waitFor();
        }
        assertTrue(ChildMain.reachedItsTask(other.pid()), "an ended process has nothing left to start");
    }
}
