package dev.mproc.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.AuthenticationException;
import dev.mproc.MessageTooLongException;
import dev.mproc.WireMode;
import dev.mproc.internal.Codec;
import dev.mproc.testing.NoLeaks;
import dev.mproc.testing.Tripwire;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Frames over TCP are sealed after the handshake: a relay without the authkey can neither inject, alter nor replay. */
@ExtendWith(NoLeaks.class)
class SealedFramesTest {

    /** The file a {@link Tripwire} writes when it is deserialized. */
    @TempDir
    Path tripwires;
    private Path tripped;

    @BeforeEach
    void placeTripwire() {
        tripped = tripwires.resolve("tripped");
    }

    private static final byte[] KEY = "the process tree's key".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldCarryMessagesSealedBothWays() throws Exception {
        try (ServerSocketChannel listening = Endpoints.bind(loopback());
             Pair pair = Pair.connect(listening, s -> s.getLocalAddress(), WireMode.PROTECTED,
                 WireMode.PROTECTED)) {
            assertTrue(pair.client.isProtected() && pair.server.isProtected());
            final byte[] big = new byte[3 << 20];
            big[big.length - 1] = 7;
            pair.client.send(big, 0, big.length);
            assertArrayEquals(big, pair.server.receive());
            pair.server.send(ByteBuffer.wrap("back".getBytes(StandardCharsets.UTF_8)));
            final ByteBuffer into = ByteBuffer.allocate(16);
            assertEquals(4, pair.client.receiveInto(into));
            pair.client.send(new byte[100], 0, 100);
            assertThrows(MessageTooLongException.class, () -> pair.server.receive(10));
            pair.client.send(new byte[] {1, 2}, 0, 2);
            assertArrayEquals(new byte[] {1, 2}, pair.server.receive(10), "the framing and the count survive");
        }
    }

    @Test
    void shouldDropTheConnectionWhenARelayInjectsAFrame() throws Exception {
        final byte[] injected = Relay.plainFrame(encode(new Tripwire(tripped)));
        assertRelayIsCaught((index, frame) -> index == Relay.CLIENT_HANDSHAKE_FRAMES ? List.of(injected, frame)
            : List.of(frame));
    }

    @Test
    void shouldDropTheConnectionWhenARelayAltersAFrame() throws Exception {
        assertRelayIsCaught((index, frame) -> {
            if (index == Relay.CLIENT_HANDSHAKE_FRAMES) {
                frame[frame.length / 2] ^= 1;
            }
            return List.of(frame);
        });
    }

    @Test
    void shouldRejectAReplayedFrame() throws Exception {
        final BiFunction<Integer, byte[], List<byte[]>> replay = (index, frame) ->
            index == Relay.CLIENT_HANDSHAKE_FRAMES ? List.of(frame, frame.clone()) : List.of(frame);
        try (ServerSocketChannel listening = Endpoints.bind(loopback());
             Relay relay = new Relay((InetSocketAddress) listening.getLocalAddress(), replay);
             Pair pair = Pair.connect(listening, s -> relay.address(), WireMode.PROTECTED, WireMode.PROTECTED)) {
            send(pair.client, "once");
            assertEquals("once", pair.server.receive(Codec.standard()));
            final AuthenticationException replayed = assertThrows(AuthenticationException.class,
                () -> pair.server.receive(Codec.standard()));
            assertTrue(replayed.getMessage().contains("replayed"), replayed.getMessage());
            assertTrue(pair.server.isClosed());
        }
    }

    @Test
    void shouldFailClearlyOnBothEndsWhenOnlyTheServerProtects() throws Exception {
        assertModeMismatch(WireMode.PROTECTED, WireMode.PYTHON_COMPATIBLE);
    }

    @Test
    void shouldFailClearlyOnBothEndsWhenOnlyTheClientProtects() throws Exception {
        assertModeMismatch(WireMode.PYTHON_COMPATIBLE, WireMode.PROTECTED);
    }

    @Test
    void shouldSendPlainFramesInPythonCompatibleMode() throws Exception {
        try (ServerSocketChannel listening = Endpoints.bind(loopback());
             Pair pair = Pair.connect(listening, s -> s.getLocalAddress(), WireMode.PYTHON_COMPATIBLE,
                 WireMode.PYTHON_COMPATIBLE)) {
            assertFalse(pair.client.isProtected() || pair.server.isProtected());
            pair.client.send(new byte[] {42}, 0, 1);
            assertArrayEquals(new byte[] {42}, pair.server.receive());
        }
    }

    private static void assertModeMismatch(final WireMode server, final WireMode client) throws Exception {
        try (ServerSocketChannel listening = Endpoints.bind(loopback())) {
            final CompletableFuture<FrameChannel> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return Endpoints.accept(listening, KEY, server);
                } catch (final IOException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            final AuthenticationException atClient = assertThrows(AuthenticationException.class,
                () -> Endpoints.connect(listening.getLocalAddress(), KEY, client));
            final ExecutionException atServer = assertThrows(ExecutionException.class,
                () -> accepted.get(30, TimeUnit.SECONDS));
            assertTrue(atServer.getCause() instanceof AuthenticationException, String.valueOf(atServer.getCause()));
            for (final String message : List.of(atClient.getMessage(), atServer.getCause().getMessage())) {
                assertTrue(message.contains("choose the same WireMode on both ends"), message);
            }
        }
    }

    private void assertRelayIsCaught(final BiFunction<Integer, byte[], List<byte[]>> tamper) throws Exception {
        try (ServerSocketChannel listening = Endpoints.bind(loopback());
             Relay relay = new Relay((InetSocketAddress) listening.getLocalAddress(), tamper);
             Pair pair = Pair.connect(listening, s -> relay.address(), WireMode.PROTECTED, WireMode.PROTECTED)) {
            send(pair.client, "genuine");
            final AuthenticationException caught = assertThrows(AuthenticationException.class,
                () -> pair.server.receive(Codec.standard()));
            assertTrue(caught.getMessage().contains("fails authentication"), caught.getMessage());
            assertTrue(pair.server.isClosed(), "the server drops the connection");
            assertFalse(Files.exists(tripped), "nothing the relay sent was deserialized");
        }
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    private static void send(final FrameChannel channel, final Object value) throws IOException {
        final byte[] bytes = encode(value);
        channel.send(bytes, 0, bytes.length);
    }

    private static byte[] encode(final Object value) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        Codec.standard().encode(value, out);
        return out.toByteArray();
    }

    /** A server end and a client end, connected through whatever address the test gives the client. */
    private static final class Pair implements AutoCloseable {
        final FrameChannel server;
        final FrameChannel client;

        private Pair(final FrameChannel server, final FrameChannel client) {
            this.server = server;
            this.client = client;
        }

        static Pair connect(final ServerSocketChannel listening, final Target target, final WireMode serverMode,
                            final WireMode clientMode) throws Exception {
            final CompletableFuture<FrameChannel> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return Endpoints.accept(listening, KEY, serverMode);
                } catch (final IOException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            final FrameChannel client = Endpoints.connect(target.address(listening), KEY, clientMode);
            return new Pair(accepted.get(30, TimeUnit.SECONDS), client);
        }

        @Override
        public void close() {
            client.close();
            server.close();
        }
    }

    @FunctionalInterface
    private interface Target {
        java.net.SocketAddress address(ServerSocketChannel listening) throws IOException;
    }
}
