package dev.mproc.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Process;
import dev.mproc.shm.internal.Segment;
import dev.mproc.testing.Await;
import dev.mproc.testing.CapturedLog;
import dev.mproc.testing.Children;
import dev.mproc.testing.NoLeaks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith({NoLeaks.class, NoShmLeaks.class})
class SharedMemoryTest {

    @TempDir
    Path dir;

    @Test
    void shouldShareBytesWithAChildThroughBothViews() throws Exception {
        try (SharedMemory block = SharedMemory.create(10_000)) {
            assertEquals(10_000, block.size());
            block.buffer().put(9_999, (byte) 7);
            block.atomicBuffer().putLongVolatile(8, 41);
            IntValueTest.runAll(1, () -> {
                final ByteBuffer view = block.buffer();
                block.atomicBuffer().getAndAddLong(8, view.get(9_999) - 6);
                view.put(0, (byte) 'x');
            });
            assertEquals(42, block.atomicBuffer().getLongVolatile(8));
            assertEquals('x', block.buffer().get(0));
            assertEquals(10_000, block.buffer().capacity());
            block.unlink();
        }
    }

    @Test
    void shouldKeepTheNameAfterTheLastCloseUntilUnlinkAsPythonDoes() throws Exception {
        final String name = "shm-kept-" + ProcessHandle.current().pid();
        try (SharedMemory created = SharedMemory.create(name, 64)) {
            created.atomicBuffer().putLongVolatile(0, 7);
            IntValueTest.runAll(1, () -> {
                try (SharedMemory attached = SharedMemory.attach(name)) {
                    attached.atomicBuffer().getAndAddLong(0, 1);
                }
            });
        }
        // Every user has closed it: Python's create, close, attach later still works.
        try (SharedMemory again = SharedMemory.attach(name)) {
            assertEquals(8, again.atomicBuffer().getLongVolatile(0));
            again.unlink();
        }
        assertThrows(NoSuchFileException.class, () -> SharedMemory.attach(name));
    }

    @Test
    void shouldRemoveANeverUnlinkedBlockAtItsCreatorsExit() throws Exception {
        final String name = "shm-leaked-" + ProcessHandle.current().pid();
        final java.lang.Process jvm = Children.launchJvm(dir, LeakingMain.class, name);
        assertEquals(0, Children.awaitExit(jvm, Await.HANG), Files.readString(dir.resolve("stderr.txt")));
        assertEquals("closed", Files.readString(dir.resolve("stdout.txt")).strip());
        assertThrows(NoSuchFileException.class, () -> SharedMemory.attach(name));
    }

    @Test
    void shouldWarnOfEachNeverUnlinkedBlockItRemovesAsALeak() throws Exception {
        final String leaked = "shm-warned-" + ProcessHandle.current().pid();
        final String unlinked = "shm-clean-" + ProcessHandle.current().pid();
        SharedMemory.create(leaked, 64).close();
        try (SharedMemory clean = SharedMemory.create(unlinked, 64)) {
            clean.unlink();
        }
        final List<String> messages;
        try (CapturedLog log = CapturedLog.of(Segment.class)) {
            assertEquals(1, Segment.removeLeakedNames());
            assertEquals(List.of(Level.WARNING), log.levels(), log.messages().toString());
            messages = log.messages();
        }
        assertTrue(messages.get(0).contains("'" + leaked + "' was never unlinked"), messages.toString());
        assertThrows(NoSuchFileException.class, () -> SharedMemory.attach(leaked));
    }

    @Test
    void shouldRemoveTheBlockOfAKilledCreatorAtTheNextSweep() throws Exception {
        final String name = "shm-killed-" + ProcessHandle.current().pid();
        try (Event made = Event.create();
             Process creator = Process.start(() -> {
                 SharedMemory.create(name, 64).close();
                 made.set();
                 Await.untilKilled();
             })) {
            assertTrue(made.await(Await.HANG));
            SharedMemory.attach(name).close();
            creator.kill();
            assertTrue(creator.join(Await.HANG));
            Segment.sweep();
            assertThrows(NoSuchFileException.class, () -> SharedMemory.attach(name));
        }
    }

    /** Creates a named block and closes it without unlinking it, then exits normally. */
    public static final class LeakingMain {
        public static void main(final String[] args) throws Exception {
            SharedMemory.create(args[0], 64).close();
            System.out.println("closed");
        }
    }

    @Test
    void shouldAttachByChosenNameAndGoAwayOnUnlink() throws Exception {
        final String name = "shm-test-" + ProcessHandle.current().pid();
        try (SharedMemory created = SharedMemory.create(name, 64)) {
            assertEquals(name, created.name());
            assertThrows(FileAlreadyExistsException.class, () -> SharedMemory.create(name, 64));
            try (SharedMemory attached = SharedMemory.attach(name)) {
                attached.atomicBuffer().putInt(0, 5);
                assertEquals(5, created.atomicBuffer().getInt(0));
            }
            assertTrue(Files.exists(Path.of("/dev/shm/mproc-" + name)), "the creator still uses it");
            created.unlink();
            assertFalse(Files.exists(Path.of("/dev/shm/mproc-" + name)));
            // As Python's unlink() raises FileNotFoundError the second time.
            assertThrows(NoSuchFileException.class, created::unlink);
            assertEquals(5, created.atomicBuffer().getInt(0), "a mapping outlives the name");
            assertThrows(NoSuchFileException.class, () -> SharedMemory.attach(name));
        }
    }

    @Test
    void shouldRejectBadNamesSizesAndFilesOfAnotherKindOrSize() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> SharedMemory.create(-1));
        assertThrows(IllegalArgumentException.class, () -> SharedMemory.attach("../etc/passwd"));
        assertThrows(NoSuchFileException.class, () -> SharedMemory.attach("no-such-block"));
        try (Event event = Event.create()) {
            final IOException e = assertThrows(IOException.class, () -> SharedMemory.attach(event.name()));
            assertTrue(e.getMessage().contains("holds a shared event, not a shared shm"), e.getMessage());
        }
        final Path foreign = Path.of("/dev/shm/mproc-foreign-" + ProcessHandle.current().pid());
        try {
            Files.write(foreign, new byte[4096]);
            Files.setPosixFilePermissions(foreign,
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            final IOException e = assertThrows(IOException.class,
                () -> SharedMemory.attach(foreign.getFileName().toString().substring("mproc-".length())));
            assertTrue(e.getMessage().contains("not an mproc shared-memory file"), e.getMessage());
        } finally {
            Files.deleteIfExists(foreign);
        }
        final Path copy = Path.of("/dev/shm/mproc-copy-" + ProcessHandle.current().pid());
        try (SharedMemory block = SharedMemory.create(100)) {
            // A valid header in a file of another length than it records.
            final byte[] header = Files.readAllBytes(Path.of("/dev/shm/mproc-" + block.name()));
            Files.write(copy, java.util.Arrays.copyOf(header, header.length + 4096));
            Files.setPosixFilePermissions(copy, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            final IOException e = assertThrows(IOException.class,
                () -> SharedMemory.attach(copy.getFileName().toString().substring("mproc-".length())));
            assertTrue(e.getMessage().contains("truncated or corrupt"), e.getMessage());
            block.unlink();
        } finally {
            Files.deleteIfExists(copy);
        }
    }
}
