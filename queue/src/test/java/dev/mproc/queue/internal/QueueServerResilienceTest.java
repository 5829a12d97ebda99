package dev.mproc.queue.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Processes;
import dev.mproc.internal.Codec;
import dev.mproc.internal.RuntimeDirectory;
import dev.mproc.internal.wire.Endpoints;
import dev.mproc.internal.wire.FrameChannel;
import dev.mproc.queue.Queue;
import dev.mproc.testing.NoLeaks;
import dev.mproc.testing.WireFuzz;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue owner's socket under short frames, garbage, random requests and peers of another protocol version, and
 * an attaching process meeting an owner of another version.
 */
@ExtendWith(NoLeaks.class)
@Timeout(120)
class QueueServerResilienceTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    private static UnixDomainSocketAddress socket(final Queue<?> q) {
        return UnixDomainSocketAddress.of(RuntimeDirectory.path().resolve(q.name() + ".sock"));
    }

    /** A good client: attaches, asks the size and gets it. */
    private static long sizeThroughTheSocket(final Queue<?> q) throws IOException {
        try (FrameChannel channel = Endpoints.connect(socket(q), Processes.authkey())) {
            QueueStoreTest.greet(channel);
            channel.send(QueueProtocol.control(QueueProtocol.SIZE, 5, 0), 0, QueueProtocol.HEADER_LENGTH);
            final byte[] reply = channel.receive();
            assertEquals(QueueProtocol.SIZE_IS, QueueProtocol.op(reply));
            assertEquals(5, QueueProtocol.id(reply));
            return QueueProtocol.argument(reply);
        }
    }

    @Test
    void shouldDropOnlyTheConnectionThatSendsAShortFrame() throws Exception {
        final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        final Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
        try (Queue<String> q = Queue.create()) {
            q.put("first");
            try (FrameChannel channel = Endpoints.connect(socket(q), Processes.authkey())) {
                QueueStoreTest.greet(channel);
                final byte[] size = QueueProtocol.control(QueueProtocol.SIZE, 1, 0);
                final ByteBuffer both = ByteBuffer.allocate(4 + size.length + 4 + 5);
                both.putInt(size.length).put(size).putInt(5).put(new byte[] {QueueProtocol.GET, 0, 0, 0, 1}).flip();
                channel.socket().write(both);
                final byte[] reply = channel.receive();
                assertEquals(QueueProtocol.SIZE_IS, QueueProtocol.op(reply), "what came before it is answered");
                assertThrows(IOException.class, channel::receive, "then the connection is dropped");
            }
            assertEquals(1, sizeThroughTheSocket(q));
            q.put("second");
            assertEquals("first", q.get(LONG));
            assertEquals("second", q.get(LONG));
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
        assertTrue(uncaught.isEmpty(), "no thread of the owner died: " + uncaught);
    }

    @Test
    void shouldServeAGoodClientAfterGarbageAndRandomRequests() throws Exception {
        try (Queue<String> q = Queue.create()) {
            q.put("kept");
            WireFuzz.garbageBeforeHandshake(socket(q), 17, 40);
            // Only requests the owner must refuse: a real PUT of random bytes is a valid request of a key holder.
            WireFuzz.framesAfterHandshake(socket(q), Processes.authkey(), 17, 40, 4, random -> {
                final byte[] frame = WireFuzz.randomFrame(random);
                if (frame.length > 0) {
                    frame[0] = (byte) (10 + random.nextInt(50));
                }
                return frame;
            });
            assertEquals(1, sizeThroughTheSocket(q));
            assertEquals("kept", q.get(LONG));
        }
    }

    /** A peer of queue protocol version 1 (an older mproc) sends a request at once, without greeting. */
    @Test
    void shouldDropARequestThatComesWithoutAGreeting() throws Exception {
        try (Queue<String> q = Queue.create()) {
            q.put("kept");
            try (FrameChannel channel = Endpoints.connect(socket(q), Processes.authkey())) {
                channel.send(QueueProtocol.control(QueueProtocol.GET, 1, 0), 0, QueueProtocol.HEADER_LENGTH);
                assertThrows(IOException.class, channel::receive, "dropped, not served");
            }
            assertEquals(1, sizeThroughTheSocket(q), "the item stayed, and a greeting client is served");
        }
    }

    @Test
    void shouldAnswerAGreetingOfAnotherVersionWithItsOwnThenDrop() throws Exception {
        try (Queue<String> q = Queue.create()) {
            try (FrameChannel channel = Endpoints.connect(socket(q), Processes.authkey())) {
                channel.send(QueueProtocol.control(QueueProtocol.HELLO, 0, QueueProtocol.VERSION + 1), 0,
                    QueueProtocol.HEADER_LENGTH);
                final byte[] answer = channel.receive();
                assertEquals(QueueProtocol.HELLO, QueueProtocol.op(answer));
                assertEquals(QueueProtocol.VERSION, QueueProtocol.argument(answer), "the owner says its version");
                assertThrows(IOException.class, channel::receive, "then drops the connection");
            }
            assertEquals(0, sizeThroughTheSocket(q));
        }
    }

    @Test
    void shouldDropAGreetedPeerThatSendsAnOperationTheProtocolDoesNotDefine() throws Exception {
        try (Queue<String> q = Queue.create()) {
            q.put("kept");
            try (FrameChannel channel = Endpoints.connect(socket(q), Processes.authkey())) {
                QueueStoreTest.greet(channel);
                channel.send(QueueProtocol.control((byte) 60, 1, 0), 0, QueueProtocol.HEADER_LENGTH);
                assertThrows(IOException.class, channel::receive);
            }
            assertEquals(1, sizeThroughTheSocket(q));
            assertEquals("kept", q.get(LONG));
        }
    }

    /** An owner of an older mproc drops the connection at the greeting, as version 1 drops any unknown operation. */
    @Test
    void shouldSayAnOwnerThatDropsTheGreetingRunsAnOlderVersion(@TempDir final Path dir) throws Exception {
        final IOException failure = attachToFakeOwner(dir, channel -> channel.receive());
        assertTrue(failure.getMessage().contains("older mproc") && failure.getMessage().contains("version "
            + QueueProtocol.VERSION), failure.getMessage());
    }

    @Test
    void shouldNameBothVersionsWhenTheOwnerSpeaksAnother(@TempDir final Path dir) throws Exception {
        final IOException failure = attachToFakeOwner(dir, channel -> {
            channel.receive();
            channel.send(QueueProtocol.control(QueueProtocol.HELLO, 0, QueueProtocol.VERSION + 1), 0,
                QueueProtocol.HEADER_LENGTH);
        });
        assertTrue(failure.getMessage().contains("speaks queue protocol version " + (QueueProtocol.VERSION + 1)
            + " and this process version " + QueueProtocol.VERSION), failure.getMessage());
    }

    /** What a fake owner does with one authenticated connection before it closes it. */
    private interface FakeOwner {
        void serve(FrameChannel channel) throws IOException;
    }

    /** Attaches a client to a fake owner (this process) and returns why attaching failed. */
    private static IOException attachToFakeOwner(final Path dir, final FakeOwner owner) throws Exception {
        final Path path = dir.resolve("owner.sock");
        try (ServerSocketChannel server = Endpoints.bind(UnixDomainSocketAddress.of(path))) {
            final Thread serving = new Thread(() -> {
                try (FrameChannel channel = Endpoints.accept(server, Processes.authkey())) {
                    owner.serve(channel);
                } catch (final IOException e) {
                    // The client went first; what it says is what the test checks.
                }
            });
            serving.start();
            final IOException failure = assertThrows(IOException.class, () -> QueueClient.connect("queue-fake",
                path, ProcessHandle.current().pid(), true, Codec.standard()));
            serving.join(LONG.toMillis());
            assertTrue(failure.getMessage().contains("queue-fake"), failure.getMessage());
            return failure;
        } finally {
            Files.deleteIfExists(path);
        }
    }
}
