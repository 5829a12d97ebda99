package dev.mproc.pipe.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.internal.ProcessContext;
import dev.mproc.internal.wire.Authenticator;
import dev.mproc.internal.wire.FrameChannel;
import dev.mproc.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rendezvous of a pipe end, in one JVM, with this test playing the other end by hand. */
class PipeEndTest {

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
            Files.delete(socket);
            try (ServerSocketChannel right = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                right.bind(UnixDomainSocketAddress.of(socket));
                final CompletableFuture<SocketChannel> accepted = CompletableFuture.supplyAsync(() -> accept(right));
                try (SocketChannel peer = accepted.get(Await.HANG.toMillis(), TimeUnit.MILLISECONDS)) {
                    Authenticator.serverHandshake(FrameChannel.of(peer, "the test"), ProcessContext.authkey());
                    final Attachment attachment = attaching.get(Await.HANG.toMillis(), TimeUnit.MILLISECONDS);
                    assertNotNull(attachment.channel(), "attached to the test's end");
                    assertTrue(Files.exists(socket), "the left end removed the other end's socket file");
                    assertFalse(Files.exists(dir.resolve("p.sock.left.b")), "the left end kept the name it bound");
                }
            }
        } finally {
            left.close();
        }
    }

    private static SocketChannel accept(final ServerSocketChannel server) {
        try {
            return server.accept();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
