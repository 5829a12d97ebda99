package dev.mproc.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mproc.AuthenticationException;
import dev.mproc.internal.RuntimeDirectory;
import dev.mproc.testing.NoLeaks;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
class AuthenticatorTest {

    private static final byte[] KEY = "secret key".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldConnectWithTheSameKeyOverUnixAndTcp() throws Exception {
        final Path path = RuntimeDirectory.newSocketPath("test");
        try (ServerSocketChannel unix = Endpoints.bind(UnixDomainSocketAddress.of(path));
             ServerSocketChannel tcp = Endpoints.bind(new InetSocketAddress("127.0.0.1", 0))) {
            roundTrip(unix, unix.getLocalAddress());
            roundTrip(tcp, tcp.getLocalAddress());
        } finally {
            RuntimeDirectory.files().release(path);
        }
    }

    @Test
    void shouldRejectAWrongKeyOnBothSidesAndKeepServing() throws Exception {
        try (ServerSocketChannel server = Endpoints.bind(new InetSocketAddress("127.0.0.1", 0))) {
            final SocketAddress address = server.getLocalAddress();
            final CompletableFuture<FrameChannel> rejected = acceptAsync(server);
            final AuthenticationException client = assertThrows(AuthenticationException.class,
                () -> Endpoints.connect(address, "wrong".getBytes(StandardCharsets.UTF_8)));
            assertEquals(AuthenticationException.class,
                assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> rejected.get(10, TimeUnit.SECONDS)).getCause().getClass());
            assertThrows(AuthenticationException.class, () -> {
                throw client;
            });
            roundTrip(server, address);
        }
    }

    @Test
    void shouldDropAPeerThatSendsGarbageBeforeReadingAPayload() throws Exception {
        try (ServerSocketChannel server = Endpoints.bind(new InetSocketAddress("127.0.0.1", 0))) {
            final CompletableFuture<FrameChannel> accepted = acceptAsync(server);
            try (SocketChannel raw = SocketChannel.open(server.getLocalAddress())) {
                raw.write(ByteBuffer.wrap(new byte[] {0x00, 0x00, 0x10, 0x00, (byte) 0xAC, (byte) 0xED, 0, 5}));
                final Throwable failure = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> accepted.get(30, TimeUnit.SECONDS)).getCause();
                assertEquals(AuthenticationException.class, failure.getClass(), failure.toString());
            }
            roundTrip(server, server.getLocalAddress());
        }
    }

    @Test
    void shouldAnswerPythonStyleChallengesOfEitherGeneration() throws Exception {
        final byte[] legacy = "#CHALLENGE#01234567890123456789".getBytes(StandardCharsets.US_ASCII);
        final byte[] message = java.util.Arrays.copyOfRange(legacy, 11, legacy.length);
        final byte[] md5 = Authenticator.response(KEY, message);
        assertEquals(16, md5.length, "a legacy challenge gets a raw HMAC-MD5");
        assertEquals(true, Authenticator.verify(KEY, message, md5));

        final byte[] modern = "{sha256}0123456789012345678901234567890123456789".getBytes(StandardCharsets.US_ASCII);
        final byte[] sha = Authenticator.response(KEY, modern);
        assertArrayEquals("{sha256}".getBytes(StandardCharsets.US_ASCII), java.util.Arrays.copyOf(sha, 8));
        assertEquals(8 + 32, sha.length);
        assertEquals(true, Authenticator.verify(KEY, modern, sha));
        assertEquals(false, Authenticator.verify("other".getBytes(StandardCharsets.US_ASCII), modern, sha));
        assertEquals("", Authenticator.digestName("{nope}x".getBytes(StandardCharsets.US_ASCII)));
    }

    private static void roundTrip(final ServerSocketChannel server, final SocketAddress address) throws Exception {
        final CompletableFuture<FrameChannel> accepted = acceptAsync(server);
        try (FrameChannel client = Endpoints.connect(address, KEY);
             FrameChannel serverSide = accepted.get(30, TimeUnit.SECONDS)) {
            client.send(new byte[] {1, 2, 3}, 0, 3);
            assertArrayEquals(new byte[] {1, 2, 3}, serverSide.receive());
            serverSide.send(new byte[] {4}, 0, 1);
            assertArrayEquals(new byte[] {4}, client.receive());
        }
    }

    private static CompletableFuture<FrameChannel> acceptAsync(final ServerSocketChannel server) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Endpoints.accept(server, KEY);
            } catch (final IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }
}
