package dev.mproc.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Process;
import dev.mproc.testing.Await;
import dev.mproc.testing.NoLeaks;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({NoLeaks.class, NoShmLeaks.class})
class IntValueTest {

    static final Duration TIMEOUT = Await.HANG;
    private static final int PROCESSES = 3;
    private static final int INCREMENTS = 1_000_000;

    @Test
    void shouldEndWithTheExactSumWhenProcessesIncrementAtomically() throws Exception {
        try (IntValue counter = Value.ofInt(0)) {
            runAll(PROCESSES, () -> {
                for (int i = 0; i < INCREMENTS; i++) {
                    counter.incrementAndGet();
                }
            });
            assertEquals(PROCESSES * INCREMENTS, counter.get());
        }
    }

    @Test
    void shouldEndWithTheExactSumWhenProcessesIncrementUnderTheLock() throws Exception {
        try (IntValue counter = Value.ofInt(0)) {
            runAll(PROCESSES, () -> {
                final Lock lock = counter.getLock();
                for (int i = 0; i < INCREMENTS; i++) {
                    lock.lock();
                    try {
                        // A read then a write: only the lock makes this compound update atomic.
                        counter.set(counter.get() + 1);
                    } finally {
                        lock.unlock();
                    }
                }
            });
            assertEquals(PROCESSES * INCREMENTS, counter.get());
        }
    }

    @Test
    void shouldOfferTheAtomicOperations() throws Exception {
        try (IntValue value = Value.ofInt(5)) {
            assertEquals(5, value.get());
            assertTrue(value.compareAndSet(5, 7));
            assertFalse(value.compareAndSet(5, 9));
            assertEquals(7, value.getAndAdd(3));
            assertEquals(11, value.incrementAndGet());
            assertEquals(10, value.decrementAndGet());
            assertEquals(10, value.getAndSet(-1));
            assertEquals(-1, value.getAndIncrement());
            assertEquals(4, value.addAndGet(4));
            assertFalse(value.isRaw());
        }
    }

    @Test
    void shouldHaveNoLockWhenRaw() throws Exception {
        try (IntValue value = RawValue.ofInt(3)) {
            assertTrue(value.isRaw());
            final UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, value::getLock);
            assertTrue(e.getMessage().contains("raw"), e.getMessage());
            runAll(1, () -> value.addAndGet(4));
            assertEquals(7, value.get());
        }
    }

    @Test
    void shouldAttachByNameAndRemoveTheFileWhenTheLastUserCloses() throws Exception {
        final IntValue created = Value.ofInt(42);
        final Path file = Path.of("/dev/shm", "mproc-" + created.name());
        assertTrue(Files.exists(file), file.toString());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(file)));
        final IntValue attached = IntValue.attach(created.name());
        assertEquals(42, attached.get());
        created.close();
        assertTrue(Files.exists(file), "one user is left");
        attached.set(43);
        attached.close();
        assertFalse(Files.exists(file), "the last user closed it");
        assertThrows(IllegalStateException.class, attached::getLock);
    }

    @Test
    void shouldRejectAMissingNameOrAFileOfAnotherKind() throws Exception {
        final NoSuchFileException missing = assertThrows(NoSuchFileException.class,
            () -> IntValue.attach("value-1-nosuch"));
        assertTrue(missing.getMessage().contains("no shared memory named 'value-1-nosuch'"), missing.getMessage());
        try (LongValue longValue = Value.ofLong(1); IntArray array = Array.ofInts(1, 2)) {
            final java.io.IOException wrongType = assertThrows(java.io.IOException.class,
                () -> IntValue.attach(longValue.name()));
            assertTrue(wrongType.getMessage().contains("holds long elements, not int"), wrongType.getMessage());
            final java.io.IOException wrongKind = assertThrows(java.io.IOException.class,
                () -> IntValue.attach(array.name()));
            assertTrue(wrongKind.getMessage().contains("holds a shared array, not a shared value"),
                wrongKind.getMessage());
        }
    }

    /** Starts n children running the same task and checks that each ended normally. */
    static void runAll(final int n, final dev.mproc.Task task) throws Exception {
        final List<Process> children = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                children.add(Process.start(task));
            }
            for (final Process child : children) {
                assertTrue(child.join(TIMEOUT), "child " + child.pid() + " did not end");
                assertEquals(OptionalInt.of(0), child.exitCode(), "child " + child.pid() + " failed");
            }
        } finally {
            children.forEach(Process::close);
        }
    }
}
