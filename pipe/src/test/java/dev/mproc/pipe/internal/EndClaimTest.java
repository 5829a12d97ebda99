package dev.mproc.pipe.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who holds a pipe end, in one JVM: taking, refusing, releasing, and a holder that is gone. */
class EndClaimTest {

    @TempDir
    Path dir;

    @Test
    void shouldTakeANewEndAsGenerationZero() throws Exception {
        final EndClaim claim = new EndClaim(dir.resolve("p.sock.left"));
        assertEquals(EndClaim.State.ABSENT, claim.read().state);
        assertEquals(0, claim.claim("left end of p"));
        final EndClaim.Holder holder = claim.read();
        assertTrue(holder.isHeld());
        assertEquals(ProcessHandle.current().pid(), holder.pid);
    }

    @Test
    void shouldRefuseAnEndHeldByALiveProcess() throws Exception {
        final Path base = dir.resolve("p.sock.left");
        new EndClaim(base).claim("left end of p");
        final IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> new EndClaim(base).claim("left end of p"));
        assertTrue(e.getMessage().contains("already attached in this process"), e.getMessage());
    }

    @Test
    void shouldLetTheNextHolderTakeAReleasedEnd() throws Exception {
        final Path base = dir.resolve("p.sock.left");
        final EndClaim first = new EndClaim(base);
        first.release(first.claim("left end of p"));
        assertTrue(first.read().isEnded());
        final EndClaim second = new EndClaim(base);
        assertEquals(1, second.claim("left end of p"));
        assertTrue(first.read().isHeld(), "another reader of the claims sees the new generation");
    }

    @Test
    void shouldTakeAnEndWhoseHolderPidWasReusedByAnotherProcess() throws Exception {
        // Process 1 runs, but it is not the holder: the holder with its pid started at another time.
        final long pid1Start = ProcessHandle.of(1).flatMap(h -> h.info().startInstant()).map(Instant::toEpochMilli)
            .orElse(1L);
        final Path base = dir.resolve("p.sock.right");
        Files.writeString(base.resolveSibling("p.sock.right.0"), "1 " + (pid1Start - 5_000));
        final EndClaim claim = new EndClaim(base);
        assertFalse(claim.read().isHeld());
        assertTrue(claim.read().isEnded());
        assertEquals(1, claim.claim("right end of p"));
    }

    @Test
    void shouldTakeAnEndWhoseHolderDied() throws Exception {
        final Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        final long start = dead.info().startInstant().map(Instant::toEpochMilli).orElse(1L);
        final Path base = dir.resolve("p.sock.right");
        Files.writeString(base.resolveSibling("p.sock.right.0"), dead.pid() + " " + start);
        final EndClaim claim = new EndClaim(base);
        assertTrue(claim.read().isEnded());
        assertEquals(1, claim.claim("right end of p"));
    }
}
