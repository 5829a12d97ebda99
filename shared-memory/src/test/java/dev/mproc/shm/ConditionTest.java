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
class ConditionTest {

    private static final Duration TIMEOUT = Await.HANG;

    @Test
    void shouldWakeAWaiterInAnotherProcessWhenSignalled() throws Exception {
        try (Lock lock = Lock.create(); Condition ready = lock.newCondition(); Event waiting = Event.create();
             IntValue state = Value.ofInt(0)) {
            try (Process child = Process.start(() -> {
                lock.lock();
                try {
                    waiting.set();
                    while (state.get() == 0) {
                        if (!ready.await(Await.HANG)) {
                            throw new IllegalStateException("not signalled");
                        }
                    }
                    state.set(2);
                } finally {
                    lock.unlock();
                }
            })) {
                assertTrue(waiting.await(TIMEOUT));
                // The child holds the lock until its await releases it, so this lock() means it is waiting.
                lock.lock();
                try {
                    state.set(1);
                    ready.signal();
                } finally {
                    lock.unlock();
                }
                assertTrue(child.join(TIMEOUT));
                assertEquals(0, child.exitCode().orElseThrow());
                assertEquals(2, state.get());
            }
        }
    }

    @Test
    void shouldWakeEveryWaiterOnSignalAllAndRestoreReentrantHolds() throws Exception {
        try (Condition condition = Condition.create(); IntValue waiting = Value.ofInt(0);
             IntValue woken = Value.ofInt(0)) {
            final dev.mproc.Task waiter = () -> {
                final RLock lock = (RLock) condition.lock();
                lock.lock();
                lock.lock();
                try {
                    waiting.incrementAndGet();
                    if (!condition.await(Await.HANG) || lock.getHoldCount() != 2) {
                        throw new IllegalStateException("not signalled, or holds not restored");
                    }
                    woken.incrementAndGet();
                } finally {
                    lock.unlock();
                    lock.unlock();
                }
            };
            try (Process a = Process.start(waiter); Process b = Process.start(waiter)) {
                // Each waiter counts itself while holding the lock, which only its await releases.
                Await.until("both waiters counted", () -> waiting.get() == 2);
                condition.lock().lock();
                try {
                    condition.signalAll();
                } finally {
                    condition.lock().unlock();
                }
                assertTrue(a.join(TIMEOUT));
                assertTrue(b.join(TIMEOUT));
                assertEquals(2, woken.get());
            }
        }
    }

    @Test
    void shouldTimeOutAndRequireTheLock() throws Exception {
        try (Lock lock = Lock.create(); Condition condition = lock.newCondition()) {
            assertThrows(IllegalMonitorStateException.class, condition::signal);
            assertThrows(IllegalMonitorStateException.class, condition::await);
            lock.lock();
            try {
                assertFalse(condition.await(Duration.ofMillis(50)));
                assertTrue(lock.isHeldByCurrentThread(), "await takes the lock again");
            } finally {
                lock.unlock();
            }
        }
    }
}
