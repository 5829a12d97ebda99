package dev.mproc.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.AuthenticationException;
import dev.mproc.internal.RuntimeDirectory;
import dev.mproc.testing.Await;
import dev.mproc.testing.NoLeaks;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
class AcceptLoopTest {

    private static final byte[] KEY = "accept loop key".getBytes(StandardCharsets.US_ASCII);
    /** Well under the handshake timeout: a peer served later than this waited for someone else's handshake. */
    private static final long SERVED_WITHIN_SECONDS = 10;

    private final BlockingQueue<FrameChannel> served = new LinkedBlockingQueue<>();
    private final List<Long> pauses = new CopyOnWriteArrayList<>();
    private final RecordingLogger logger = new RecordingLogger();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Path path;
    private ServerSocketChannel server;

    @BeforeEach
    void bind() throws IOException {
        path = RuntimeDirectory.newSocketPath("test");
        server = Endpoints.bind(UnixDomainSocketAddress.of(path));
    }

    @AfterEach
    void close() throws Exception {
        for (final AutoCloseable closeable : toClose) {
            closeable.close();
        }
        server.close();
        served.forEach(FrameChannel::close);
        RuntimeDirectory.files().release(path);
    }

    private AcceptLoop.Builder loop() {
        return AcceptLoop.on(server, KEY, "test server").logger(logger)
            .backoff(Duration.ofMillis(1), Duration.ofMillis(8), (nanos, closed) -> pauses.add(nanos));
    }

    private AcceptLoop start(final AcceptLoop.Builder builder) throws IOException {
        final AcceptLoop loop = builder.start(served::add);
        toClose.add(loop);
        return loop;
    }

    /** Connects until a client gets through the handshake (the server may close the first tries), and says hi. */
    private void connectUntilServed() throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SERVED_WITHIN_SECONDS);
        while (true) {
            try (FrameChannel client = Endpoints.connect(UnixDomainSocketAddress.of(path), KEY)) {
                client.send(new byte[] {42}, 0, 1);
                final FrameChannel channel = served.poll(SERVED_WITHIN_SECONDS, TimeUnit.SECONDS);
                assertNotNull(channel, "the authenticated client was not handed to the server");
                assertEquals(42, channel.receive()[0]);
                channel.close();
                return;
            } catch (final IOException refused) {
                if (System.nanoTime() > deadline) {
                    throw refused;
                }
            }
        }
    }

    private static long millis(final long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void shouldServeAgainAfterThreadsCouldNotBeCreated() throws Exception {
        final AtomicInteger failuresLeft = new AtomicInteger(3);
        final AtomicInteger calls = new AtomicInteger();
        final ThreadFactory threads = Executors.defaultThreadFactory();
        start(loop().threadFactory(body -> {
            calls.incrementAndGet();
            if (failuresLeft.getAndDecrement() > 0) {
                throw new OutOfMemoryError("unable to create native thread: possibly out of memory or process/resource"
                    + " limits reached");
            }
            final Thread thread = threads.newThread(body);
            thread.setDaemon(true);
            return thread;
        }));

        connectUntilServed();

        assertTrue(calls.get() >= 4, "every failed thread was retried: " + calls);
        assertEquals(List.of(millis(1), millis(2), millis(4)), pauses.subList(0, 3), "backed off after each");
        assertEquals(1, logger.count("cannot start a thread"), "one line for the burst: " + logger.lines);
    }

    @Test
    void shouldBackOffWhileAcceptFailsAndStartOverAfterASuccess() throws Exception {
        final AtomicInteger failuresLeft = new AtomicInteger(1_000);
        final AtomicInteger attempts = new AtomicInteger();
        start(loop().acceptor(socket -> {
            attempts.incrementAndGet();
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IOException("Too many open files");
            }
            return socket.accept();
        }));

        connectUntilServed();
        assertEquals(1_000, pauses.size(), "one pause per failure");
        assertEquals(List.of(millis(1), millis(2), millis(4), millis(8), millis(8)), pauses.subList(0, 5));
        assertTrue(pauses.stream().allMatch(pause -> pause <= millis(8)), "capped");

        // The loop already waits in the next accept: the failures it meets after the next client start over.
        failuresLeft.set(2);
        connectUntilServed();
        connectUntilServed();
        assertEquals(List.of(millis(1), millis(2)), pauses.subList(1_000, 1_002), "reset by the success");
        assertTrue(attempts.get() >= 1_005, "every accept counted: " + attempts);
        assertEquals(1, logger.count("Too many open files"), "one line for 1,002 failures: " + logger.lines);
    }

    @Test
    void shouldSurviveAnyThrowableFromAccept() throws Exception {
        final AtomicInteger round = new AtomicInteger();
        start(loop().acceptor(socket -> {
            switch (round.getAndIncrement()) {
                case 0:
                    throw new OutOfMemoryError("unable to create native thread");
                case 1:
                    throw new IllegalStateException("a bug");
                case 2:
                    return null;
                default:
                    return socket.accept();
            }
        }));

        connectUntilServed();
        assertEquals(2, pauses.size());
    }

    @Test
    void shouldServeASecondPeerWhileTheFirstStaysSilent() throws Exception {
        start(loop());
        try (SocketChannel silent = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            readChallenge(silent);
            connectUntilServed();
        }
    }

    @Test
    void shouldRefusePeersBeyondTheHandshakeCapAndServeOnceOneLeaves() throws Exception {
        start(loop().maxPendingHandshakes(2));
        final SocketChannel first = SocketChannel.open(UnixDomainSocketAddress.of(path));
        try (SocketChannel second = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            readChallenge(first);
            readChallenge(second);
            try (SocketChannel third = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
                assertEquals(-1, third.read(ByteBuffer.allocate(64)), "closed at once, never challenged");
            }
            first.close();
            connectUntilServed();
        }
        assertEquals(1, logger.count("refused a connection"), logger.lines.toString());
    }

    @Test
    void shouldDropAPeerWithTheWrongKeyAndLogAtDebug() throws Exception {
        start(loop());
        assertThrows(AuthenticationException.class,
            () -> Endpoints.connect(UnixDomainSocketAddress.of(path), "wrong".getBytes(StandardCharsets.US_ASCII)));
        connectUntilServed();
        assertTrue(served.isEmpty());
        // The refused peer reads its failure before the server's handshake thread logs it.
        Await.until("the DEBUG line of the refused handshake",
            () -> logger.lines.stream().anyMatch(line -> line.startsWith("DEBUG") && line.contains("handshake")));
    }

    @Test
    void shouldServeOnAfterTheHandlerThrows() throws Exception {
        final AtomicInteger round = new AtomicInteger();
        toClose.add(loop().start(channel -> {
            if (round.getAndIncrement() == 0) {
                throw new IllegalStateException("the handler's bug");
            }
            served.add(channel);
        }));
        try (FrameChannel first = Endpoints.connect(UnixDomainSocketAddress.of(path), KEY)) {
            assertThrows(IOException.class, first::receive, "its channel was closed");
        }
        connectUntilServed();
        // The loop closes the channel before it logs, so the client may see the close first.
        Await.until("the WARNING line of the handler's bug", () -> logger.count("the handler's bug") == 1);
        assertEquals(1, logger.count("the handler's bug"), logger.lines.toString());
    }

    @Test
    void shouldDropConnectionsInTheirHandshakeWhenClosed() throws Exception {
        final AcceptLoop loop = start(loop());
        try (SocketChannel silent = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            readChallenge(silent);
            loop.close();
            assertTrue(loop.isClosed());
            final ByteBuffer rest = ByteBuffer.allocate(256);
            int read;
            do {
                read = silent.read(rest);
            } while (read > 0);
            assertEquals(-1, read);
        }
        assertFalse(server.isOpen());
    }

    /** Reads the server's first handshake message: the peer is then in its handshake, holding a slot. */
    private static void readChallenge(final SocketChannel socket) throws IOException {
        final ByteBuffer header = ByteBuffer.allocate(4);
        while (header.hasRemaining()) {
            if (socket.read(header) < 0) {
                throw new IOException("closed before the challenge");
            }
        }
        final ByteBuffer challenge = ByteBuffer.allocate(header.flip().getInt());
        while (challenge.hasRemaining()) {
            if (socket.read(challenge) < 0) {
                throw new IOException("closed in the challenge");
            }
        }
    }
}
