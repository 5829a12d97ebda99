package dev.mproc.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Process;
import dev.mproc.testing.Await;
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

    private static final Duration TIMEOUT = Await.HANG;

    @TempDir
    Path dir;

    @Test
    void shouldCountHoldsAndExcludeOtherProcessesUntilTheLastUnlock() throws Exception {
        final String out = dir.resolve("out").toString();
        try (RLock lock = RLock.create()) {
            lock.lock();
            lock.lock();
            assertEquals(2, lock.getHoldCount());
            try (Process child = Process.start(() -> {
                final boolean first = lock.tryLock();
                Files.writeString(Path.of(out), first + " " + lock.tryLock(Await.HANG) + " "
                    + lock.getHoldCount());
            })) {
                Await.until("the child waits for the lock", () -> lock.getQueueLength() == 1);
                lock.unlock();
                assertTrue(lock.isLocked(), "one hold is left");
                assertEquals(1, lock.getQueueLength(), "the child still waits");
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
            Await.untilKilled();
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
