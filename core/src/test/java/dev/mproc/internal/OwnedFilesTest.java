package dev.mproc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnedFilesTest {

    @TempDir
    Path dir;

    @Test
    void shouldSweepFilesOfDeadProcessesOnly() throws Exception {
        final OwnedFiles files = new OwnedFiles(dir, "mproc-");
        final java.lang.Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        final Path deadOwners = Files.createFile(dir.resolve("mproc-pipe-" + dead.pid() + "-abc.sock"));
        final Path mine = files.newPath("pipe", ".sock");
        Files.createFile(mine);
        final Path parents = Files.createFile(dir.resolve("mproc-value-" + ProcessHandle.current().parent()
            .orElseThrow().pid() + "-xyz"));
        final Path foreign = Files.createFile(dir.resolve("unrelated-file"));

        assertEquals(1, files.sweep());
        assertFalse(Files.exists(deadOwners));
        assertTrue(Files.exists(mine));
        assertTrue(Files.exists(parents));
        assertTrue(Files.exists(foreign));

        final Path claim = Files.createFile(dir.resolve(mine.getFileName() + ".right"));
        final Path halfWritten = Files.createFile(dir.resolve(mine.getFileName() + ".right.12345-abc.tmp"));
        final Path neighbour = Files.createFile(dir.resolve(mine.getFileName() + "x"));
        files.release(mine);
        assertFalse(Files.exists(mine));
        assertTrue(Files.exists(claim), "release removes the file alone");
        files.releaseWithDerived(claim);
        assertFalse(Files.exists(claim));
        assertFalse(Files.exists(halfWritten), "files derived from the name go with it");
        assertTrue(Files.exists(neighbour), "a name that only starts the same is not derived");
        Files.delete(neighbour);
        assertEquals(ProcessHandle.current().pid(), files.ownerPid(mine.getFileName().toString()));
        assertEquals(-1, files.ownerPid("unrelated-file"));
        assertEquals(13881, files.ownerPid("mproc-pipe-13881-1dnu1jh1kna03.sock.right.14449-1ltn3s2p3ldgh.tmp"),
            "a file derived from an owned one belongs to the same owner");
        assertEquals(42, files.ownerPid("mproc-pool-worker-42-abc.sock"));
    }

    @Test
    void shouldKeepTheRuntimeDirectoryPrivate() throws Exception {
        RuntimeDirectory.files();
        assertEquals("rwx------",
            PosixFilePermissions.toString(Files.getPosixFilePermissions(RuntimeDirectory.path())));
        final Path socket = RuntimeDirectory.newSocketPath("test");
        assertTrue(socket.startsWith(RuntimeDirectory.path()));
        assertTrue(socket.getFileName().toString().matches("test-" + ProcessHandle.current().pid()
            + "-[0-9a-z]+\\.sock"));
        RuntimeDirectory.files().release(socket);
    }
}
