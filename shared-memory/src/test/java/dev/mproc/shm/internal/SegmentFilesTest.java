package dev.mproc.shm.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mproc.shm.NoShmLeaks;
import dev.mproc.shm.SharedMemory;
import dev.mproc.testing.NoLeaks;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/** Another local user must not be able to hand this process a shared-memory file (issue 15, finding 4). */
@ExtendWith({NoLeaks.class, NoShmLeaks.class})
class SegmentFilesTest {

    private static final Path SHM = Path.of("/dev/shm");
    private static final long PID = ProcessHandle.current().pid();

    private final List<Path> made = new ArrayList<>();

    @AfterEach
    void removeWhatWasMade() throws IOException {
        for (final Path path : made) {
            Files.deleteIfExists(path);
        }
    }

    @Test
    void shouldRefuseASymbolicLinkInPlaceOfAName() throws Exception {
        assumeTrue(Files.isDirectory(SHM));
        try (SharedMemory real = SharedMemory.create(64)) {
            final Path link = made(SHM.resolve(Segment.PREFIX + "link-" + PID));
            Files.createSymbolicLink(link, SHM.resolve(Segment.PREFIX + real.name()));
            assertRefused(() -> SharedMemory.attach(name(link)), link, "symbolic link");
            assertThrows(FileAlreadyExistsException.class, () -> SharedMemory.create(name(link), 64),
                "create does not write through a link");
            Files.delete(link);
            Files.createSymbolicLink(link, SHM.resolve(Segment.PREFIX + "dangling-" + PID));
            assertThrows(FileAlreadyExistsException.class, () -> SharedMemory.create(name(link), 64),
                "create does not make a file at a dangling link's target");
            assertTrue(Files.notExists(SHM.resolve(Segment.PREFIX + "dangling-" + PID), LinkOption.NOFOLLOW_LINKS));
            real.unlink();
        }
    }

    @Test
    void shouldRefuseAFileOthersCanReadOrWrite() throws Exception {
        assumeTrue(Files.isDirectory(SHM));
        for (final String mode : List.of("rw-r--r--", "rw-rw-rw-", "rw----r--")) {
            final Path file = validCopy("mode-" + mode.replace('-', '_'));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            assertRefused(() -> SharedMemory.attach(name(file)), file, "mode is " + mode);
        }
    }

    @Test
    void shouldRefuseAFileOfAnotherUser() throws Exception {
        assumeTrue(Files.isDirectory(SHM));
        assumeTrue("root".equals(System.getProperty("user.name")), "only root can give a file to another user");
        final Path file = validCopy("owner");
        final UserPrincipal nobody = file.getFileSystem().getUserPrincipalLookupService()
            .lookupPrincipalByName("nobody");
        Files.setOwner(file, nobody);
        assertRefused(() -> SharedMemory.attach(name(file)), file, "belongs to nobody");
    }

    @Test
    void shouldLeaveAnotherUsersFileToItsOwnerWhenSweeping() throws Exception {
        assumeTrue(Files.isDirectory(SHM));
        assumeTrue("root".equals(System.getProperty("user.name")), "only root can give a file to another user");
        // Named after a dead creator and never initialised: the sweep would remove it if it were this user's.
        final Path file = made(SHM.resolve(Segment.PREFIX + "value-" + Integer.MAX_VALUE + "-0000"));
        Files.write(file, new byte[HeaderDescriptor.BODY_OFFSET]);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.setOwner(file, file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        Segment.sweep();
        assertTrue(Files.exists(file));
    }

    @Test
    void shouldFailToCreateOverAnExistingName() throws Exception {
        assumeTrue(Files.isDirectory(SHM));
        final Path file = made(SHM.resolve(Segment.PREFIX + "taken-" + PID));
        final byte[] content = {1, 2, 3};
        Files.write(file, content);
        assertThrows(FileAlreadyExistsException.class, () -> SharedMemory.create(name(file), 64));
        assertArrayEquals(content, Files.readAllBytes(file), "the existing file is untouched");
    }

    @Test
    void shouldStillAttachToAPrivateFileOfThisUser() throws Exception {
        assumeTrue(Files.isDirectory(SHM));
        try (SharedMemory created = SharedMemory.create("private-" + PID, 64);
             SharedMemory attached = SharedMemory.attach("private-" + PID)) {
            assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(SHM.resolve(Segment.PREFIX + created.name()))));
            attached.atomicBuffer().putInt(0, 9);
            assertEquals(9, created.atomicBuffer().getInt(0));
            created.unlink();
        }
    }

    /** A byte copy of a valid block's file under another name, mode 0600: only what the test changes is wrong. */
    private Path validCopy(final String label) throws IOException {
        final Path copy = made(SHM.resolve(Segment.PREFIX + label + "-" + PID));
        try (SharedMemory block = SharedMemory.create(64)) {
            Files.write(copy, Files.readAllBytes(SHM.resolve(Segment.PREFIX + block.name())));
            block.unlink();
        }
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
        return copy;
    }

    private Path made(final Path path) {
        made.add(path);
        return path;
    }

    private static String name(final Path file) {
        return file.getFileName().toString().substring(Segment.PREFIX.length());
    }

    private static void assertRefused(final Executable attach, final Path file, final String why) {
        final AccessDeniedException e = assertThrows(AccessDeniedException.class, attach);
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(why), e.getMessage());
    }
}
