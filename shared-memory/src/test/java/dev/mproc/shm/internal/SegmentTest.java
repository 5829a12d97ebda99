package dev.mproc.shm.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Process;
import dev.mproc.shm.IntValue;
import dev.mproc.shm.Value;
import dev.mproc.testing.Await;
import dev.mproc.testing.Children;
import dev.mproc.testing.NoLeaks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith({NoLeaks.class, dev.mproc.shm.NoShmLeaks.class})
class SegmentTest {

    private static final Duration TIMEOUT = Await.HANG;

    @TempDir
    Path dir;

    @Test
    void shouldSweepTheFilesOfKilledProcessesButNotThoseOfLiveOnes() throws Exception {
        final String names = dir.resolve("names").toString();
        final IntValue mine = Value.ofInt(1);
        try (mine; Process crasher = Process.start(() -> {
            final IntValue own = Value.ofInt(7);
            final IntValue shared = IntValue.attach(Children.awaitFile(Path.of(names + ".in"), Await.HANG));
            Files.writeString(Path.of(names), own.name() + " " + shared.name());
            Await.untilKilled();
        })) {
            Files.writeString(Path.of(names + ".in"), mine.name());
            final String[] written = Children.awaitFile(Path.of(names), TIMEOUT).split(" ");
            final Path orphan = Path.of("/dev/shm", Segment.PREFIX + written[0]);
            final Path shared = Path.of("/dev/shm", Segment.PREFIX + written[1]);
            assertTrue(Files.exists(orphan));
            // A sweep counts every abandoned file of this user, another build's on the machine too: the test looks
            // at its own two files instead.
            Segment.sweep();
            assertTrue(Files.exists(orphan), "the child is alive");
            crasher.kill();
            assertTrue(Children.awaitGone(crasher.pid(), TIMEOUT));
            assertTrue(Files.exists(orphan), "kill -9 leaves the child's file behind");
            assertTrue(Segment.sweep() >= 1, "the dead child's own file goes");
            assertFalse(Files.exists(orphan));
            assertTrue(Files.exists(shared), "this process still uses the shared one");
            mine.close();
            assertFalse(Files.exists(shared), "the last live user closed it, despite the dead child's key");
        }
    }

    @Test
    void shouldTellDeadAndReusedPidsFromLiveOnes() throws Exception {
        assertTrue(Pids.isAlive(Pids.selfKey()));
        final java.lang.Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            assertTrue(Pids.isAlive(sleeper.pid()));
            // The same pid with another start time is another process.
            assertFalse(Pids.isAlive((12345L << 32) | sleeper.pid()));
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
        assertFalse(Pids.isAlive(sleeper.pid()));
    }
}
