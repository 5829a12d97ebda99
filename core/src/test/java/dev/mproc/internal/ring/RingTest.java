package dev.mproc.internal.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import dev.mproc.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The ring's protocol between two threads: order, wrap-around, messages larger than the ring, parking, files. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RingTest {

    @TempDir
    Path dir;

    @Test
    void shouldDeliverEveryMessageInOrderAcrossManyWrapArounds() throws Exception {
        final RingFile file = RingFile.create(dir.resolve("ring"), RingDescriptor.MIN_CAPACITY);
        final LocalBell toReader = new LocalBell();
        final LocalBell toWriter = new LocalBell();
        final int messages = 20_000;
        final CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            final RingWriter ring = new RingWriter(file, toReader, toWriter);
            final Random sizes = new Random(1);
            try {
                for (int i = 0; i < messages; i++) {
                    ring.write(message(i, sizes.nextInt(1500)));
                }
            } catch (final Exception e) {
                throw new IllegalStateException(e);
            }
        });
        final RingReader reader = new RingReader(RingFile.attach(file.path()), toWriter, toReader);
        final Random sizes = new Random(1);
        final int[] next = {0};
        while (next[0] < messages) {
            reader.read(message -> {
                final ByteBuffer expected = message(next[0], sizes.nextInt(1500));
                assertEquals(expected, message, "message " + next[0]);
                next[0]++;
            }, 100);
        }
        writer.get();
        assertEquals(0, reader.poll(m -> { }, 1), "nothing more than was written");
    }

    @Test
    void shouldCarryAMessageManyTimesLargerThanTheRingInPieces() throws Exception {
        final RingFile file = RingFile.create(dir.resolve("ring"), RingDescriptor.MIN_CAPACITY);
        final LocalBell toReader = new LocalBell();
        final LocalBell toWriter = new LocalBell();
        final byte[] big = new byte[3 << 20];
        new Random(2).nextBytes(big);
        final CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                final RingWriter ring = new RingWriter(file, toReader, toWriter);
                ring.write(ByteBuffer.wrap(big));
                ring.write(ByteBuffer.wrap(new byte[] {7}));
            } catch (final Exception e) {
                throw new IllegalStateException(e);
            }
        });
        final RingReader reader = new RingReader(file, toWriter, toReader);
        final List<byte[]> received = new ArrayList<>();
        while (received.size() < 2) {
            reader.read(message -> received.add(bytes(message)), 10);
        }
        writer.get();
        assertArrayEquals(big, received.get(0));
        assertArrayEquals(new byte[] {7}, received.get(1));
    }

    @Test
    void shouldWakeAParkedReaderThroughItsBell() throws Exception {
        final RingFile file = RingFile.create(dir.resolve("ring"), RingDescriptor.MIN_CAPACITY);
        final LocalBell toReader = new LocalBell();
        final LocalBell toWriter = new LocalBell();
        final RingReader reader = new RingReader(file, toWriter, toReader);
        final AtomicReference<byte[]> received = new AtomicReference<>();
        final CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
            try {
                return reader.read(message -> received.set(bytes(message)), 1);
            } catch (final Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Await.until("the reader parks", () -> file.parked(RingDescriptor.READER_PARKED_OFFSET) == 1);
        assertTrue(new RingWriter(file, toReader, toWriter).offer(ByteBuffer.wrap(new byte[] {1, 2, 3})));
        assertEquals(1, read.get());
        assertArrayEquals(new byte[] {1, 2, 3}, received.get());
        assertTrue(toReader.rings() >= 1, "the writer rang the parked reader's bell");
    }

    @Test
    void shouldParkAWriterWithoutRoomUntilTheReaderMakesSome() throws Exception {
        final RingFile file = RingFile.create(dir.resolve("ring"), RingDescriptor.MIN_CAPACITY);
        final LocalBell toReader = new LocalBell();
        final LocalBell toWriter = new LocalBell();
        final RingWriter ring = new RingWriter(file, toReader, toWriter);
        final ByteBuffer kilobyte = ByteBuffer.allocate(1000);
        int offered = 0;
        while (ring.offer(kilobyte)) {
            offered++;
        }
        assertTrue(offered >= 3, "a 4 KiB ring holds a few 1000-byte records: " + offered);
        final CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
            try {
                ring.write(kilobyte);
            } catch (final Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Await.until("the writer parks for room", () -> file.parked(RingDescriptor.WRITER_PARKED_OFFSET) == 1);
        assertFalse(blocked.isDone());
        final RingReader reader = new RingReader(file, toWriter, toReader);
        assertEquals(1, reader.poll(m -> { }, 1));
        blocked.get();
        assertEquals(offered, reader.poll(m -> { }, 100), "the parked write went through after the others");
        assertTrue(toWriter.rings() >= 1, "the reader rang the parked writer's bell");
    }

    @Test
    void shouldNeverDeliverAMessageWhoseWriterLeftBeforeItsEnd() throws Exception {
        final RingFile file = RingFile.create(dir.resolve("ring"), RingDescriptor.MIN_CAPACITY);
        final LocalBell toReader = new LocalBell();
        final LocalBell toWriter = new LocalBell();
        final RingWriter ring = new RingWriter(file, toReader, toWriter);
        ring.write(ByteBuffer.wrap(new byte[] {42}));
        final Thread writer = new Thread(() -> {
            try {
                ring.write(ByteBuffer.allocate(64 * 1024));
            } catch (final InterruptedException expected) {
                // The writer stops mid-message, as a killed one would.
            } catch (final Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        Await.until("the writer is mid-message", () -> file.parked(RingDescriptor.WRITER_PARKED_OFFSET) == 1);
        writer.interrupt();
        writer.join();
        toReader.peerLeft();
        final RingReader reader = new RingReader(file, toWriter, toReader);
        final List<byte[]> received = new ArrayList<>();
        assertEquals(1, reader.read(message -> received.add(bytes(message)), 10));
        assertThrows(EOFException.class, () -> reader.read(message -> received.add(bytes(message)), 10));
        assertEquals(1, received.size(), "the committed message, and not the partial one");
        assertArrayEquals(new byte[] {42}, received.get(0));
        assertFalse(reader.midMessage());
    }

    @Test
    void shouldRefuseALinkAFileOthersMayOpenAndAnExistingName() throws Exception {
        final RingFile file = RingFile.create(dir.resolve("ring"), RingDescriptor.MIN_CAPACITY);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path())));
        assertThrows(FileAlreadyExistsException.class,
            () -> RingFile.create(file.path(), RingDescriptor.MIN_CAPACITY));
        assertTrue(Files.exists(file.path()), "a failed create leaves the existing file alone");

        final Path link = Files.createSymbolicLink(dir.resolve("link"), file.path());
        assertThrows(java.io.IOException.class, () -> RingFile.attach(link), "a link is not followed");

        Files.setPosixFilePermissions(file.path(), PosixFilePermissions.fromString("rw-r--r--"));
        final AccessDeniedException readable = assertThrows(AccessDeniedException.class,
            () -> RingFile.attach(file.path()));
        assertTrue(readable.getMessage().contains("rw-r--r--"), readable.getMessage());

        final Path notRing = Files.writeString(dir.resolve("other"), "x".repeat(8192));
        Files.setPosixFilePermissions(notRing, PosixFilePermissions.fromString("rw-------"));
        assertThrows(java.io.IOException.class, () -> RingFile.attach(notRing));
        assertThrows(IllegalArgumentException.class, () -> RingFile.create(dir.resolve("odd"), 5000));
    }

    private static ByteBuffer message(final int index, final int size) {
        final ByteBuffer message = ByteBuffer.allocate(size);
        for (int i = 0; i < size; i++) {
            message.put((byte) (index * 31 + i));
        }
        return message.flip();
    }

    private static byte[] bytes(final ByteBuffer message) {
        final byte[] bytes = new byte[message.remaining()];
        message.get(bytes);
        return bytes;
    }
}
