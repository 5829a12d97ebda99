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
    void shouldCompareDoublesByTheirBits() throws Exception {
        try (DoubleValue value = RawValue.ofDouble(0.0); DoubleArray array = Array.newDoubles(2)) {
            assertFalse(value.compareAndSet(-0.0, 1.0), "-0.0 is not the 0.0 there");
            assertFalse(array.compareAndSet(1, -0.0, 1.0), "-0.0 is not the 0.0 there");
            value.set(Double.NaN);
            array.set(1, Double.NaN);
            assertTrue(value.compareAndSet(Double.NaN, 2.0), "a NaN matches the same NaN");
            assertTrue(array.compareAndSet(1, Double.NaN, 2.0), "a NaN matches the same NaN");
            assertEquals(2.0, value.get());
            assertArrayEquals(new double[] {0.0, 2.0}, array.toArray());
            assertEquals(2.0, array.getAndSet(1, -0.0));
            assertEquals(-0.0, array.get(1));
        }
    }

    @Test
    void shouldCopyRangesInAndOutOfEveryElementType() throws Exception {
        try (LongArray longs = RawArray.newLongs(4); DoubleArray doubles = RawArray.newDoubles(4);
             ByteArray bytes = RawArray.newBytes(4)) {
            longs.copyFrom(1, new long[] {7, 1L << 40, 9}, 1, 2);
            doubles.copyFrom(1, new double[] {7, 0.5, 9}, 1, 2);
            bytes.copyFrom(1, new byte[] {7, -8, 9}, 1, 2);
            assertArrayEquals(new long[] {0, 1L << 40, 9, 0}, longs.toArray());
            assertArrayEquals(new double[] {0, 0.5, 9, 0}, doubles.toArray());
            assertArrayEquals(new byte[] {0, -8, 9, 0}, bytes.toArray());
            // The bulk copies and the single-element accessors agree on where each element is.
            assertEquals(1L << 40, longs.get(1));
            assertEquals(9.0, doubles.get(2));
            assertEquals(-8, bytes.get(1));
            assertThrows(IndexOutOfBoundsException.class, () -> longs.copyFrom(3, new long[2], 0, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> doubles.copyFrom(new double[5]));
            assertThrows(IndexOutOfBoundsException.class, () -> bytes.copyFrom(-1, new byte[1], 0, 1));
            assertArrayEquals(new long[] {0, 1L << 40, 9, 0}, longs.toArray(), "a refused copy wrote nothing");
            assertArrayEquals(new double[] {0, 0.5, 9, 0}, doubles.toArray(), "a refused copy wrote nothing");
            assertArrayEquals(new byte[] {0, -8, 9, 0}, bytes.toArray(), "a refused copy wrote nothing");
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
