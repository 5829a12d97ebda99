package dev.mproc.shm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.testing.NoLeaks;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({NoLeaks.class, NoShmLeaks.class})
class IntArrayTest {

    @Test
    void shouldShowAChildsChangesToTheParent() throws Exception {
        try (IntArray array = Array.ofInts(IntStream.range(0, 10).toArray())) {
            IntValueTest.runAll(1, () -> {
                for (int i = 0; i < array.length(); i++) {
                    array.set(i, -array.get(i));
                }
            });
            assertArrayEquals(new int[] {0, -1, -2, -3, -4, -5, -6, -7, -8, -9}, array.toArray());
        }
    }

    @Test
    void shouldAddAtomicallyPerElementAcrossProcesses() throws Exception {
        try (IntArray array = Array.newInts(4)) {
            IntValueTest.runAll(2, () -> {
                for (int i = 0; i < 100_000; i++) {
                    array.incrementAndGet(i % 4);
                }
            });
            assertArrayEquals(new int[] {50_000, 50_000, 50_000, 50_000}, array.toArray());
        }
    }

    @Test
    void shouldOfferTheAtomicOperationsAndBulkCopies() throws Exception {
        try (IntArray array = RawArray.newInts(5)) {
            array.copyFrom(1, new int[] {7, 8, 9}, 1, 2);
            assertArrayEquals(new int[] {0, 8, 9, 0, 0}, array.toArray());
            assertTrue(array.compareAndSet(1, 8, 10));
            assertEquals(10, array.getAndAdd(1, 5));
            assertEquals(16, array.incrementAndGet(1));
            assertEquals(9, array.getAndSet(2, 1));
            assertEquals(0, array.decrementAndGet(2));
            assertTrue(array.isRaw());
        }
    }

    @Test
    void shouldThrowIndexOutOfBoundsForBadIndexes() throws Exception {
        try (IntArray array = Array.newInts(3)) {
            assertThrows(IndexOutOfBoundsException.class, () -> array.get(3));
            assertThrows(IndexOutOfBoundsException.class, () -> array.set(-1, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> array.incrementAndGet(3));
            assertThrows(IndexOutOfBoundsException.class, () -> array.copyFrom(new int[4]));
            assertThrows(IndexOutOfBoundsException.class, () -> array.copyFrom(2, new int[2], 0, 2));
        }
    }
}
