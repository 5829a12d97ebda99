package dev.mproc.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Process;
import dev.mproc.testing.Await;
import dev.mproc.testing.NoLeaks;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({NoLeaks.class, NoShmLeaks.class})
class SemaphoreTest {

    private static final Duration TIMEOUT = Await.HANG;

    @Test
    void shouldHandPermitsBetweenProcesses() throws Exception {
        try (Semaphore toChild = Semaphore.create(0); Semaphore toParent = Semaphore.create(0);
             Process child = Process.start(() -> {
                 for (int i = 0; i < 100; i++) {
                     if (!toChild.tryAcquire(Await.HANG)) {
                         throw new IllegalStateException("no permit " + i);
                     }
                     toParent.release();
                 }
             })) {
            for (int i = 0; i < 100; i++) {
                toChild.release();
                assertTrue(toParent.tryAcquire(TIMEOUT), "round " + i);
            }
            assertTrue(child.join(TIMEOUT));
            assertEquals(0, child.exitCode().orElseThrow());
            assertEquals(0, toChild.availablePermits());
        }
    }

    @Test
    void shouldCountPermitsAndTimeOut() throws Exception {
        try (Semaphore semaphore = Semaphore.create(2)) {
            assertTrue(semaphore.tryAcquire());
            assertTrue(semaphore.tryAcquire());
            assertFalse(semaphore.tryAcquire());
            assertFalse(semaphore.tryAcquire(Duration.ofMillis(50)));
            semaphore.release(3);
            assertEquals(3, semaphore.availablePermits());
        }
    }

    @Test
    void shouldRefuseToReleaseABoundedSemaphoreBeyondItsBound() throws Exception {
        try (BoundedSemaphore semaphore = BoundedSemaphore.create(1)) {
            semaphore.acquire();
            IntValueTest.runAll(1, semaphore::release);
            assertEquals(1, semaphore.availablePermits());
            final IllegalStateException e = assertThrows(IllegalStateException.class, semaphore::release);
            assertTrue(e.getMessage().contains("released too many times"), e.getMessage());
        }
    }
}
