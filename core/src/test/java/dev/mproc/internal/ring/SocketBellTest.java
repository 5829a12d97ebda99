package dev.mproc.internal.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Process;
import dev.mproc.testing.Await;
import dev.mproc.testing.NoLeaks;
import java.io.EOFException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Rings between two JVMs with a socket doorbell: a parked peer is woken by a ring, and learns of a death by EOF. */
@ExtendWith(NoLeaks.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SocketBellTest {

    @TempDir
    Path dir;

    @Test
    void shouldWakeAReaderParkedInAnotherProcessAndEndItWhenTheWriterCloses() throws Exception {
        final RingFile toChild = RingFile.create(dir.resolve("to-child"), RingDescriptor.MIN_CAPACITY);
        final RingFile toParent = RingFile.create(dir.resolve("to-parent"), RingDescriptor.MIN_CAPACITY);
        final Path socketPath = dir.resolve("bell.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socketPath));
            try (Process child = Process.start(echo(socketPath.toString(), toChild.path().toString(),
                toParent.path().toString()))) {
                try (SocketBell bell = SocketBell.over(server.accept())) {
                    final RingWriter writer = new RingWriter(toChild, bell, bell);
                    final RingReader reader = new RingReader(toParent, bell, bell);
                    final ByteBuffer[] reply = new ByteBuffer[1];
                    // A parked reader also re-checks now and then; of several wake-ups, the bell makes at least one.
                    for (int i = 0; i < 5; i++) {
                        Await.until("the child's reader parks",
                            () -> toChild.parked(RingDescriptor.READER_PARKED_OFFSET) == 1);
                        writer.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)));
                        reader.read(message -> reply[0] = copy(message), 1);
                        assertEquals("hello", StandardCharsets.UTF_8.decode(reply[0].slice(0, 5)).toString());
                    }
                    assertTrue(reply[0].getLong(5) >= 1, "the parked child was woken by rings on the socket");
                }
                child.join();
                assertEquals(0, child.exitCode().getAsInt(), "the child's reader saw EOF once this side closed");
            }
        }
    }

    @Test
    void shouldEndAParkedReaderWithEofWhenItsWriterIsKilled() throws Exception {
        final RingFile toParent = RingFile.create(dir.resolve("to-parent"), RingDescriptor.MIN_CAPACITY);
        final Path socketPath = dir.resolve("bell.sock");
        final String socket = socketPath.toString();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socketPath));
            try (Process child = Process.start(() -> {
                try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                    channel.read(ByteBuffer.allocate(1));
                }
            })) {
                try (SocketBell bell = SocketBell.over(server.accept())) {
                    final RingReader reader = new RingReader(toParent, bell, bell);
                    final CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
                        try {
                            return reader.read(message -> { }, 1);
                        } catch (final Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    Await.until("this side's reader parks",
                        () -> toParent.parked(RingDescriptor.READER_PARKED_OFFSET) == 1);
                    child.kill();
                    child.join();
                    final ExecutionException ended = assertThrows(ExecutionException.class, read::get);
                    assertInstanceOf(EOFException.class, ended.getCause().getCause(), "EOF, not a hang");
                }
            }
        }
    }

    // The task is serializable and calls an internal method; the child it runs in is this test's own.
    @SuppressWarnings("serial")
    private static dev.mproc.Task echo(final String socket, final String in, final String out) {
        return () -> {
            try (SocketBell bell = SocketBell.over(SocketChannel.open(UnixDomainSocketAddress.of(socket)))) {
                final RingReader reader = new RingReader(RingFile.attach(Path.of(in)), bell, bell);
                final RingWriter writer = new RingWriter(RingFile.attach(Path.of(out)), bell, bell);
                while (true) {
                    try {
                        reader.read(message -> {
                            final ByteBuffer reply = ByteBuffer.allocate(message.remaining() + Long.BYTES);
                            reply.put(message).putLong(bell.generation()).flip();
                            try {
                                writer.write(reply);
                            } catch (final InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }, 1);
                    } catch (final EOFException end) {
                        return;
                    }
                }
            }
        };
    }

    private static ByteBuffer copy(final ByteBuffer message) {
        final ByteBuffer copy = ByteBuffer.allocate(message.remaining());
        copy.put(message).flip();
        return copy;
    }
}
