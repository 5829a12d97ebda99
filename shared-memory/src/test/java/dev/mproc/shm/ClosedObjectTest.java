package dev.mproc.shm;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.testing.NoLeaks;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/** Every verb of a closed object fails the same way, naming it, instead of some working and others not. */
@ExtendWith({NoLeaks.class, NoShmLeaks.class})
class ClosedObjectTest {

    @Test
    void shouldRefuseEveryVerbOfAClosedValue() throws Exception {
        final IntValue i = Value.ofInt(1);
        final LongValue l = Value.ofLong(1);
        final DoubleValue d = Value.ofDouble(1);
        i.close();
        l.close();
        d.close();
        assertAllClosed(List.of(i::get, () -> i.set(2), () -> i.incrementAndGet(), () -> i.compareAndSet(1, 2),
            () -> i.getAndSet(3), i::getLock, l::get, () -> l.set(2), () -> l.getAndAdd(1), d::get, () -> d.set(2),
            () -> d.addAndGet(1), () -> d.compareAndSet(1, 2), () -> d.getAndSet(3), d::getLock));
    }

    @Test
    void shouldRefuseEveryVerbOfAClosedArray() throws Exception {
        final IntArray ints = Array.ofInts(1, 2);
        final LongArray longs = Array.ofLongs(1, 2);
        final DoubleArray doubles = Array.ofDoubles(1, 2);
        final ByteArray bytes = Array.ofBytes((byte) 1);
        ints.close();
        longs.close();
        doubles.close();
        bytes.close();
        assertAllClosed(List.of(() -> ints.get(0), () -> ints.set(0, 1), () -> ints.getAndAdd(1, 1), ints::toArray,
            () -> ints.copyFrom(new int[] {3}), () -> longs.compareAndSet(0, 1, 2), longs::toArray,
            () -> longs.copyFrom(new long[0]), () -> doubles.getAndAdd(0, 1), () -> doubles.compareAndSet(0, 1, 2),
            doubles::toArray, () -> doubles.copyFrom(1, new double[1], 0, 1), doubles::getLock, () -> bytes.get(0),
            () -> bytes.set(0, (byte) 2), bytes::toArray, () -> bytes.copyFrom(new byte[1])));
    }

    @Test
    void shouldRefuseEveryVerbOfAClosedLockSemaphoreOrEvent() throws Exception {
        final Lock lock = Lock.create();
        final Semaphore semaphore = Semaphore.create(1);
        final Event event = Event.create();
        lock.close();
        semaphore.close();
        event.close();
        assertAllClosed(List.of(lock::lock, lock::tryLock, lock::isLocked, lock::getQueueLength, semaphore::acquire,
            semaphore::release, semaphore::availablePermits, event::set, event::isSet,
            () -> event.await(Duration.ZERO)));
    }

    private static void assertAllClosed(final List<Executable> verbs) {
        for (final Executable verb : verbs) {
            final IllegalStateException e = assertThrows(IllegalStateException.class, verb);
            assertTrue(e.getMessage().endsWith(" is closed"), e.getMessage());
        }
    }
}
