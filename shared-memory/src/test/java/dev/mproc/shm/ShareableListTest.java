package dev.mproc.shm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Process;
import dev.mproc.shm.internal.ShareableListDescriptor;
import dev.mproc.testing.Await;
import dev.mproc.testing.NoLeaks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link ShareableList}, with the cases of CPython's {@code _test_multiprocessing.py} ({@code _TestSharedMemory}). */
@ExtendWith({NoLeaks.class, NoShmLeaks.class})
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ShareableListTest {

    private static final byte[] HOWDY = "HoWdY".getBytes(StandardCharsets.US_ASCII);

    /** CPython's {@code test_shared_memory_ShareableList_basics}, up to the empty list (the next test). */
    @Test
    void test_shared_memory_ShareableList_basics() throws Exception {
        try (ShareableList sl = ShareableList.of("howdy", HOWDY, -273.154, 100, null, true, 42)) {
            assertTrue(sl.toString().contains(sl.name()), sl.toString());
            assertTrue(sl.toString().contains("[howdy, [72, 111, 87, 100, 89], -273.154, 100, null, true, 42]"),
                sl.toString());

            assertThrows(IndexOutOfBoundsException.class, () -> sl.get(7));
            assertThrows(IndexOutOfBoundsException.class, () -> sl.set(7, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> sl.get(-1));

            // Python's formats '8s8sdqxxxxxx?xxxxxxxx?q': each slot's capacity, fixed at creation.
            sl.set(0, "howdy");
            assertEquals(List.of(8, 8, 8, 8, 8, 8, 8), capacities(sl));
            assertEquals(7, sl.size());

            assertThrows(NoSuchElementException.class, () -> sl.index("100"));
            assertEquals(3, sl.index(100));
            assertEquals("howdy", sl.get(0));
            assertEquals(true, sl.get(5));
            assertEquals(Arrays.asList("howdy", "HoWdY", -273.154, 100L, null, true, 42L),
                sl.toList().stream().map(v -> v instanceof byte[] ? new String((byte[]) v, StandardCharsets.US_ASCII)
                    : v).collect(Collectors.toList()));

            sl.set(3, 42);
            assertEquals(42L, sl.get(3));
            sl.set(4, "some");
            assertEquals("some", sl.get(4), "a slot takes a value of another type that fits");
            IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> sl.set(4, "far too many"));
            assertTrue(tooLong.getMessage().contains("exceeds available storage"), tooLong.getMessage());
            assertEquals("some", sl.get(4));
            sl.set(0, "encodés");
            assertEquals("encodés", sl.get(0), "exactly 8 bytes of UTF-8");
            assertArrayEquals(HOWDY, (byte[]) sl.get(1), "no spillage");
            tooLong = assertThrows(IllegalArgumentException.class, () -> sl.set(0, "encodées"));
            assertTrue(tooLong.getMessage().contains("exceeds available storage"), tooLong.getMessage());
            assertArrayEquals(HOWDY, (byte[]) sl.get(1));
            assertThrows(IllegalArgumentException.class,
                () -> sl.set(1, "123456789".getBytes(StandardCharsets.US_ASCII)));
            assertArrayEquals(HOWDY, (byte[]) sl.get(1));
            assertThrows(IllegalArgumentException.class, () -> sl.set(1, List.of()), "not a type a slot holds");
            assertArrayEquals(HOWDY, (byte[]) sl.get(1));

            assertEquals(2, sl.count(42));
            assertEquals(1, sl.count(HOWDY.clone()));
            assertEquals(0, sl.count("adios".getBytes(StandardCharsets.US_ASCII)));

            final String duplicateName = "sl-test03-duplicate-" + ProcessHandle.current().pid();
            try (ShareableList copy = ShareableList.create(duplicateName, sl)) {
                assertNotEquals(sl.name(), copy.name());
                assertEquals(duplicateName, copy.name());
                assertEquals(describe(sl.toList()), describe(copy.toList()));
                // Capacities follow the copied values: 'encodés' is 8 bytes of UTF-8 now, so its slot gets 16.
                assertEquals(List.of(16, 8, 8, 8, 8, 8, 8), capacities(copy));
                copy.set(6, 77);
                assertEquals(77L, copy.get(6));
                assertNotEquals(77L, sl.get(6));
                copy.shm().unlink();
            }

            try (ShareableList tethered = ShareableList.attach(sl.name())) {
                assertEquals(sl.name(), tethered.name());
                tethered.set(6, 880);
                assertEquals(880L, sl.get(6));
            }
            try (SharedMemory raw = SharedMemory.attach(sl.name())) {
                assertEquals(sl.shm().size(), raw.size(), "the list is an ordinary shared-memory block");
            }
            sl.shm().unlink();
        }
    }

    /** CPython's {@code test_shared_memory_ShareableList_basics}, its last part: an empty list. */
    @Test
    void test_shared_memory_ShareableList_basics_empty() throws Exception {
        try (ShareableList empty = ShareableList.of()) {
            assertEquals(0, empty.size());
            assertEquals(0, empty.count("any"));
            assertThrows(NoSuchElementException.class, () -> empty.index(null));
            assertThrows(IndexOutOfBoundsException.class, () -> empty.get(0));
            try (ShareableList attached = ShareableList.attach(empty.name())) {
                assertEquals(0, attached.size());
            }
            empty.shm().unlink();
        }
    }

    /**
     * CPython's {@code test_shared_memory_ShareableList_pickling}: the list crosses as a handle of the same size
     * whatever its length, and the copy in a child process writes and reads the same slots.
     */
    @Test
    void test_shared_memory_ShareableList_pickling() throws Exception {
        try (ShareableList sl = ShareableList.create(range(10));
             ShareableList larger = ShareableList.create(range(400)); IntValue step = Value.ofInt(0)) {
            // Fresh names may differ in length by a character or two; what is left is the same handle.
            assertEquals(serialized(sl).length - sl.name().length(), serialized(larger).length - larger.name().length(),
                "a handle, not the elements");
            try (Process child = Process.start(() -> {
                try (ShareableList copy = sl) {
                    if (!Long.valueOf(9).equals(copy.get(9))) {
                        throw new AssertionError("the child reads " + copy.get(9));
                    }
                    copy.set(4, "changed");
                    step.set(1);
                    Await.until("the parent's write", () -> step.get() == 2);
                    step.set("newvalue".equals(copy.get(3)) ? 3 : -1);
                }
            })) {
                Await.until("the child's write", () -> step.get() == 1);
                assertEquals("changed", sl.get(4));
                sl.set(3, "newvalue");
                step.set(2);
                assertTrue(child.join(Await.HANG));
                assertEquals(0, child.exitCode().getAsInt());
                assertEquals(3, step.get(), "the child read the parent's write");
            }
            sl.shm().unlink();
            larger.shm().unlink();
        }
    }

    /** CPython's {@code test_shared_memory_ShareableList_pickling_dead_object}: a handle to an unlinked list fails. */
    @Test
    void test_shared_memory_ShareableList_pickling_dead_object() throws Exception {
        final String name;
        try (ShareableList sl = ShareableList.create(range(10))) {
            name = sl.name();
            sl.shm().unlink();
        }
        assertThrows(NoSuchFileException.class, () -> ShareableList.attach(name));
        try (SharedMemory notAList = SharedMemory.create(64)) {
            final IOException e = assertThrows(IOException.class, () -> ShareableList.attach(notAList.name()));
            assertTrue(e.getMessage().contains("does not hold a ShareableList"), e.getMessage());
            notAList.unlink();
        }
    }

    /** Reads of a slot from one process never see half of a write from another, whatever the lengths. */
    @Test
    void shouldNeverTearASlotWrittenByAnotherProcess() throws Exception {
        final String a = "a".repeat(60);
        final String b = "b".repeat(3);
        try (ShareableList sl = ShareableList.of(a); IntValue done = Value.ofInt(0)) {
            try (Process writer = Process.start(() -> {
                for (int i = 0; i < 200_000; i++) {
                    sl.set(0, (i & 1) == 0 ? b : i % 3 == 0 ? (Object) a.getBytes(StandardCharsets.US_ASCII) : a);
                }
                done.set(1);
            })) {
                int reads = 0;
                while (done.get() == 0 || reads == 0) {
                    final Object seen = sl.get(0);
                    final String text = seen instanceof byte[] ? new String((byte[]) seen, StandardCharsets.US_ASCII)
                        : (String) seen;
                    assertTrue(a.equals(text) || b.equals(text), "a torn read: " + text);
                    reads++;
                }
                assertTrue(writer.join(Await.HANG));
                assertEquals(0, writer.exitCode().getAsInt());
            }
            sl.shm().unlink();
        }
    }

    /** A process killed in the middle of a write leaves the slot to the next reader, which finds it null. */
    @Test
    void shouldTakeASlotOverFromAWriterKilledMidWrite() throws Exception {
        final long deadPid;
        try (Process ended = Process.start(() -> { })) {
            assertTrue(ended.join(Await.HANG));
            deadPid = ended.pid();
        }
        try (ShareableList sl = ShareableList.of("kept", "lost")) {
            final AtomicBuffer raw = sl.shm().atomicBuffer();
            final int slot = raw.getInt(ShareableListDescriptor.tableEntryOffset(1));
            final long control = raw.getLongVolatile(slot + ShareableListDescriptor.CONTROL_OFFSET);
            // What a writer leaves when it dies between claiming the slot and freeing it.
            raw.putLongVolatile(slot + ShareableListDescriptor.CONTROL_OFFSET,
                ShareableListDescriptor.claim(control, deadPid));
            raw.putInt(slot + ShareableListDescriptor.LENGTH_OFFSET, 1 << 20);
            assertNull(sl.get(1), "the half-written value is lost");
            assertEquals("kept", sl.get(0));
            sl.set(1, "again");
            assertEquals("again", sl.get(1));
            sl.shm().unlink();
        }
    }

    private static List<Long> range(final int n) {
        return LongStream.range(0, n).boxed().collect(Collectors.toList());
    }

    private static List<Integer> capacities(final ShareableList sl) {
        return java.util.stream.IntStream.range(0, sl.size()).map(sl::capacity).boxed().collect(Collectors.toList());
    }

    private static List<String> describe(final List<Object> values) {
        return values.stream().map(v -> v instanceof byte[] ? Arrays.toString((byte[]) v) : String.valueOf(v))
            .collect(Collectors.toList());
    }

    private static byte[] serialized(final Object object) throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        return bytes.toByteArray();
    }
}
