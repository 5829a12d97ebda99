package dev.mproc.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Process;
import dev.mproc.shm.internal.RobustMutex;
import dev.mproc.testing.Await;
import dev.mproc.testing.CapturedLog;
import dev.mproc.testing.Children;
import dev.mproc.testing.NoLeaks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith({NoLeaks.class, NoShmLeaks.class})
class LockTest {

    private static final Duration TIMEOUT = Await.HANG;

    @TempDir
    Path dir;

    @Test
    void shouldLetAWaiterRecoverTheLockOfAKilledOwnerAndTellItTheOwnerDied() throws Exception {
        final String locked = dir.resolve("locked").toString();
        try (Lock lock = Lock.create(); Process holder = Process.start(() -> {
            lock.lock();
            Files.writeString(Path.of(locked), "yes");
            Await.untilKilled();
        })) {
            Children.awaitFile(Path.of(locked), TIMEOUT);
            assertTrue(lock.isLocked());
            assertFalse(lock.tryLock(Duration.ofMillis(200)), "the holder is alive");
            holder.kill();
            assertTrue(Children.awaitGone(holder.pid(), TIMEOUT));
            final List<String> logged;
            try (CapturedLog log = CapturedLog.of(RobustMutex.class)) {
                assertTrue(lock.tryLock(TIMEOUT), "a dead owner's lock must be recovered");
                logged = log.messages();
                assertEquals(List.of(java.util.logging.Level.INFO), log.levels(), "a takeover is news, not trouble");
            }
            try {
                assertTrue(lock.ownerDied(), "the waiter must learn that the owner died");
            } finally {
                lock.unlock();
            }
            // Pids in log lines as the kernel writes them, without grouping separators ("8,025").
            assertTrue(logged.get(0).endsWith("took over the lock of dead process " + holder.pid()), logged.toString());
            lock.lock();
            try {
                assertFalse(lock.ownerDied(), "a normal acquisition after the recovery");
            } finally {
                lock.unlock();
            }
        }
    }

    @Test
    void shouldExcludeOtherProcessesUntilUnlocked() throws Exception {
        final String out = dir.resolve("out").toString();
        try (Lock lock = Lock.create()) {
            lock.lock();
            try (Process child = Process.start(() -> {
                final boolean first = lock.tryLock();
                Files.writeString(Path.of(out), first + " " + lock.tryLock(Await.HANG));
            })) {
                Await.until("the child waits for the lock", () -> lock.getQueueLength() == 1);
                lock.unlock();
                assertTrue(child.join(TIMEOUT));
                assertEquals("false true", Files.readString(Path.of(out)));
                assertEquals(0, lock.getQueueLength());
            }
        }
    }

    @Test
    void shouldRefuseReentryAndUnlockByAnotherThread() throws Exception {
        try (Lock lock = Lock.create()) {
            lock.lock();
            try {
                assertTrue(lock.isHeldByCurrentThread());
                assertThrows(IllegalStateException.class, lock::lock);
                final Throwable[] failure = new Throwable[1];
                final Thread other = new Thread(() -> {
                    try {
                        lock.unlock();
                    } catch (final Throwable e) {
                        failure[0] = e;
                    }
                });
                other.start();
                other.join();
                assertTrue(failure[0] instanceof IllegalMonitorStateException, String.valueOf(failure[0]));
            } finally {
                lock.unlock();
            }
            assertThrows(IllegalMonitorStateException.class, lock::unlock);
            assertThrows(IllegalMonitorStateException.class, lock::ownerDied);
        }
    }

    @Test
    void shouldHonourInterruptionWhileWaiting() throws Exception {
        try (Lock lock = Lock.create()) {
            lock.lock();
            try {
                final Throwable[] outcome = new Throwable[1];
                final Thread waiter = new Thread(() -> {
                    try {
                        lock.lockInterruptibly();
                    } catch (final Throwable e) {
                        outcome[0] = e;
                    }
                });
                waiter.start();
                Await.until("the thread waits for the lock", () -> lock.getQueueLength() == 1);
                waiter.interrupt();
                waiter.join(TIMEOUT.toMillis());
                assertTrue(outcome[0] instanceof InterruptedException, String.valueOf(outcome[0]));
                assertEquals(0, lock.getQueueLength(), "an interrupted waiter stops counting");
            } finally {
                lock.unlock();
            }
        }
    }

    @Test
    void shouldCrossIntoAChildAsAValuesLock() throws Exception {
        try (IntValue value = Value.ofInt(0)) {
            final Lock lock = value.getLock();
            lock.lock();
            try (Process child = Process.start(() -> {
                lock.lock();
                try {
                    value.set(value.get() + 10);
                } finally {
                    lock.unlock();
                }
            })) {
                Await.until("the child waits for the lock", () -> lock.getQueueLength() == 1);
                assertEquals(0, value.get(), "the child must wait for the parent's lock");
                value.set(5);
                lock.unlock();
                assertTrue(child.join(TIMEOUT));
                assertEquals(15, value.get());
            }
        }
    }
}
