package dev.mproc.shm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.testing.NoLeaks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The long, double and byte values and arrays, each changed by a child and read back by the parent. */
@ExtendWith({NoLeaks.class, NoShmLeaks.class})
class OtherElementsTest {

    @Test
    void shouldShareLongsAcrossProcesses() throws Exception {
        try (LongValue value = Value.ofLong(1L << 40); LongArray array = Array.ofLongs(1, 2, 3)) {
            IntValueTest.runAll(2, () -> {
                for (int i = 0; i < 10_000; i++) {
                    value.incrementAndGet();
                    array.addAndGet(2, 1L << 33);
                }
            });
            assertEquals((1L << 40) + 20_000, value.get());
            assertEquals(3 + 20_000 * (1L << 33), array.get(2));
            assertTrue(value.compareAndSet(value.get(), -5));
            assertEquals(-5, value.get());
            assertThrows(IndexOutOfBoundsException.class, () -> array.get(3));
        }
    }

    @Test
    void shouldShareDoublesAcrossProcesses() throws Exception {
        try (DoubleValue value = Value.ofDouble(0.0); DoubleArray array = RawArray.ofDoubles(0.5, 1.5)) {
            IntValueTest.runAll(2, () -> {
                for (int i = 0; i < 1000; i++) {
                    value.addAndGet(0.5);
                    array.getAndAdd(1, 1.0);
                }
            });
            assertEquals(1000.0, value.get());
            assertArrayEquals(new double[] {0.5, 2001.5}, array.toArray());
            assertTrue(value.compareAndSet(1000.0, 3.1415927));
            assertFalse(value.compareAndSet(-0.0, 1.0));
            assertEquals(3.1415927, value.getAndSet(2.0));
            assertThrows(IndexOutOfBoundsException.class, () -> array.set(2, 0));
            assertThrows(UnsupportedOperationException.class, array::getLock);
        }
        try (DoubleValue raw = RawValue.ofDouble(1.0)) {
            assertTrue(raw.isRaw());
        }
    }

    @Test
    void shouldShareBytesAcrossProcesses() throws Exception {
        try (ByteArray array = Array.ofBytes((byte) 1, (byte) 2, (byte) 3); LongValue raw = RawValue.ofLong(0)) {
            IntValueTest.runAll(1, () -> {
                array.getLock().lock();
                try {
                    array.copyFrom(0, new byte[] {9, 8}, 0, 2);
                } finally {
                    array.getLock().unlock();
                }
                raw.set(array.get(2));
            });
            assertArrayEquals(new byte[] {9, 8, 3}, array.toArray());
            assertEquals(3, raw.get());
            assertThrows(IndexOutOfBoundsException.class, () -> array.get(3));
            try (ByteArray zeros = RawArray.newBytes(2)) {
                zeros.set(1, (byte) -1);
                assertArrayEquals(new byte[] {0, -1}, zeros.toArray());
            }
        }
    }
}
