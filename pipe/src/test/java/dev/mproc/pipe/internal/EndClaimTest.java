package dev.mproc.pipe.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who holds a pipe end, in one JVM: taking, refusing, releasing, a holder that is gone, a claim of another version. */
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
        Files.writeString(base.resolveSibling("p.sock.right.0"), held(1, pid1Start - 5_000));
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
        Files.writeString(base.resolveSibling("p.sock.right.0"), held(dead.pid(), start));
        final EndClaim claim = new EndClaim(base);
        assertTrue(claim.read().isEnded());
        assertEquals(1, claim.claim("right end of p"));
    }

    @Test
    void shouldStateItsVersionInTheClaimsItWrites() throws Exception {
        final Path base = dir.resolve("p.sock.left");
        final EndClaim claim = new EndClaim(base);
        final long generation = claim.claim("left end of p");
        final String self = ProcessHandle.current().pid() + " ";
        assertTrue(Files.readString(claim.generation(generation)).startsWith("pipe-claim " + PipeProtocol.VERSION
            + " held " + self), Files.readString(claim.generation(generation)));
        claim.release(generation);
        assertTrue(Files.readString(claim.generation(generation)).startsWith("pipe-claim " + PipeProtocol.VERSION
            + " released " + self), Files.readString(claim.generation(generation)));
    }

    @Test
    void shouldRefuseToTakeAnEndClaimedInAnotherVersionNamingBoth() throws Exception {
        final Path base = dir.resolve("p.sock.left");
        final Path later = base.resolveSibling("p.sock.left.0");
        Files.writeString(later, "pipe-claim 3 held, as version 3 may say it");
        final IOException e = assertThrows(IOException.class, () -> new EndClaim(base).claim("left end of p"));
        assertTrue(e.getMessage().contains("pipe protocol version " + PipeProtocol.VERSION + " here, 3 in the claim "
            + later), e.getMessage());
        assertFalse(Files.exists(base.resolveSibling("p.sock.left.1")), "the end was taken all the same");
    }

    @Test
    void shouldNameTheUntaggedClaimsOfVersionOne() throws Exception {
        final Path base = dir.resolve("p.sock.right");
        final long self = ProcessHandle.current().pid();
        Files.writeString(base.resolveSibling("p.sock.right.0"), self + " 12345");
        Files.writeString(base.resolveSibling("p.sock.right.1"), "released " + self + " 12345");
        final EndClaim claim = new EndClaim(base);
        final EndClaim.Holder holder = claim.read();
        assertEquals(EndClaim.State.OTHER_VERSION, holder.state);
        assertEquals(1, holder.version);
        assertEquals(1, holder.generation);
        final IOException e = assertThrows(IOException.class, () -> claim.claim("right end of p"));
        assertTrue(e.getMessage().contains("pipe protocol version " + PipeProtocol.VERSION + " here, 1 in the claim "
            + base.resolveSibling("p.sock.right.1")), e.getMessage());
    }

    /** A claim as this version writes it. */
    private static String held(final long pid, final long start) {
        return "pipe-claim " + PipeProtocol.VERSION + " held " + pid + " " + start;
    }
}
