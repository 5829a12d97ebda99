package dev.mproc.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Process;
import dev.mproc.testing.Children;
import dev.mproc.testing.NoLeaks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith({NoLeaks.class, NoShmLeaks.class})
class RLockTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void shouldCountHoldsAndExcludeOtherProcessesUntilTheLastUnlock() throws Exception {
        final String out = dir.resolve("out").toString();
        try (RLock lock = RLock.create(); Event tried = Event.create()) {
            lock.lock();
            lock.lock();
            assertEquals(2, lock.getHoldCount());
            try (Process child = Process.start(() -> {
                final boolean first = lock.tryLock();
                tried.set();
                Files.writeString(Path.of(out), first + " " + lock.tryLock(Duration.ofSeconds(20)) + " "
                    + lock.getHoldCount());
            })) {
                assertTrue(tried.await(TIMEOUT));
                lock.unlock();
                assertTrue(lock.isLocked(), "one hold is left");
                Thread.sleep(100);
                lock.unlock();
                assertEquals(0, lock.getHoldCount());
                assertTrue(child.join(TIMEOUT));
                assertEquals("false true 1", Files.readString(Path.of(out)));
            }
        }
    }

    @Test
    void shouldRecoverFromAKilledOwnerWithOneHold() throws Exception {
        final String locked = dir.resolve("locked").toString();
        try (RLock lock = RLock.create(); Process holder = Process.start(() -> {
            lock.lock();
            lock.lock();
            Files.writeString(Path.of(locked), "yes");
            Thread.sleep(Long.MAX_VALUE);
        })) {
            Children.awaitFile(Path.of(locked), TIMEOUT);
            holder.kill();
            assertTrue(lock.tryLock(TIMEOUT));
            assertTrue(lock.ownerDied());
            assertEquals(1, lock.getHoldCount());
            lock.unlock();
            assertFalse(lock.isLocked());
        }
    }
}
