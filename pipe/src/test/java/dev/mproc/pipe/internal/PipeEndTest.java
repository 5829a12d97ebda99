package dev.mproc.pipe.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.internal.ProcessContext;
import dev.mproc.internal.wire.Authenticator;
import dev.mproc.internal.wire.FrameChannel;
import dev.mproc.testing.Await;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rendezvous of a pipe end, in one JVM, with this test playing the other end by hand. */
class PipeEndTest {

    private static final long HANG_MILLIS = Await.HANG.toMillis();

    @TempDir
    Path dir;

    /**
     * The race a loaded machine hit: the other end removed this end's socket file as stale and bound its own. This end
     * must meet it at the new file, not wait on a file nobody can find; and must not remove the other end's file.
     */
    @Test
    void shouldMeetTheOtherEndAtANewerSocketFileWhenItsOwnWasRemoved() throws Exception {
        final Path socket = dir.resolve("p.sock");
        final PipeEnd left = new PipeEnd(socket, true, false);
        try {
            final CompletableFuture<Attachment> attaching = left.start();
            Await.until("the left end to listen", () -> Files.exists(socket));
            try (ServerSocketChannel right = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                // Bound beside it and moved over it in one step: removed and then bound, the name could be the left
                // end's again in between (it watches its file), and the bind would fail.
                final Path own = dir.resolve("p.sock.right");
                right.bind(UnixDomainSocketAddress.of(own));
                Files.move(own, socket, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                try (FrameChannel peer = acceptAuthenticated(right)) {
                    peer.send(PipeProtocol.greeting(PipeProtocol.VERSION));
                    final Attachment attachment = attaching.get(HANG_MILLIS, TimeUnit.MILLISECONDS);
                    assertNotNull(attachment.channel(), "attached to the test's end");
                    assertTrue(Files.exists(socket), "the left end removed the other end's socket file");
                    assertFalse(Files.exists(dir.resolve("p.sock.left.b")), "the left end kept the name it bound");
                }
            }
        } finally {
            left.close();
        }
    }

    @Test
    void shouldGreetWithItsVersionAndRefuseAConnectingEndOfAnotherVersion() throws Exception {
        final Path socket = dir.resolve("p.sock");
        final PipeEnd left = new PipeEnd(socket, true, false);
        try {
            final CompletableFuture<Attachment> attaching = left.start();
            Await.until("the left end to listen", () -> Files.exists(socket));
            try (FrameChannel peer = FrameChannel.of(SocketChannel.open(UnixDomainSocketAddress.of(socket)),
                "the test")) {
                Authenticator.clientHandshake(peer, ProcessContext.authkey());
                assertArrayEquals(bytes(PipeProtocol.greeting(PipeProtocol.VERSION)), peer.receive(),
                    "the first message after the handshake is the greeting of this version");
                peer.send(PipeProtocol.greeting(3));
                assertRefused(attaching, "pipe protocol version " + PipeProtocol.VERSION
                    + " here, 3 at the other end (the right end of p)");
                assertThrows(EOFException.class, peer::receive, "the refused connection is closed");
            }
        } finally {
            left.close();
        }
    }

    /** An end of version 1 sends no greeting: its first message, if any, is one of the user's. */
    @Test
    void shouldNameVersionOneForAListeningEndWhoseFirstMessageIsNoGreeting() throws Exception {
        final Path socket = dir.resolve("p.sock");
        try (ServerSocketChannel right = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            right.bind(UnixDomainSocketAddress.of(socket));
            final PipeEnd left = new PipeEnd(socket, true, false);
            try {
                final CompletableFuture<Attachment> attaching = left.start();
                try (FrameChannel peer = acceptAuthenticated(right)) {
                    peer.send(ByteBuffer.wrap("a message from version 1".getBytes(StandardCharsets.UTF_8)));
                    assertRefused(attaching, "pipe protocol version " + PipeProtocol.VERSION
                        + " here, 1 at the other end (the right end of p)");
                }
            } finally {
                left.close();
            }
        }
    }

    @Test
    void shouldRefuseToAttachToAnOtherEndClaimedInAnotherVersion() throws Exception {
        final Path socket = dir.resolve("p.sock");
        final Path claim = dir.resolve("p.sock.right.0");
        Files.writeString(claim, "pipe-claim 3 held 1 1");
        final PipeEnd left = new PipeEnd(socket, true, false);
        try {
            assertRefused(left.start(), "pipe protocol version " + PipeProtocol.VERSION + " here, 3 in the claim "
                + claim);
            assertFalse(Files.exists(socket), "the left end listened for an end of another version");
        } finally {
            left.close();
        }
    }

    private static void assertRefused(final CompletableFuture<Attachment> attaching, final String versions) {
        final ExecutionException e = assertThrows(ExecutionException.class,
            () -> attaching.get(HANG_MILLIS, TimeUnit.MILLISECONDS));
        final IOException cause = assertInstanceOf(IOException.class, e.getCause());
        assertTrue(cause.getMessage().startsWith("cannot attach the left end of p: "), cause.getMessage());
        assertTrue(cause.getMessage().contains(versions), cause.getMessage());
    }

    /** Accepts the left end's connection and completes the server side of the handshake, as the right end would. */
    private static FrameChannel acceptAuthenticated(final ServerSocketChannel server) throws Exception {
        final CompletableFuture<SocketChannel> accepted = CompletableFuture.supplyAsync(() -> accept(server));
        final FrameChannel peer = FrameChannel.of(accepted.get(HANG_MILLIS, TimeUnit.MILLISECONDS), "the test");
        Authenticator.serverHandshake(peer, ProcessContext.authkey());
        return peer;
    }

    private static SocketChannel accept(final ServerSocketChannel server) {
        try {
            return server.accept();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(final ByteBuffer buffer) {
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
