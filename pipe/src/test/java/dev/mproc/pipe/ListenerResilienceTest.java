package dev.mproc.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mproc.Address;
import dev.mproc.testing.NoLeaks;
import dev.mproc.testing.WireFuzz;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A listener under silent peers and garbage, over Unix and TCP. */
@ExtendWith(NoLeaks.class)
class ListenerResilienceTest {

    @TempDir
    Path dir;

    private Address[] addresses() {
        return new Address[] {Address.unix(dir.resolve("l.sock")), Address.tcp("127.0.0.1", 0)};
    }

    /** A client in this JVM sends one message; the listener must accept it and read the message. */
    private static void assertServesAClient(final Listener listener, final String message) throws Exception {
        final CompletableFuture<Void> client = CompletableFuture.runAsync(() -> {
            try (Connection conn = Client.connect(listener.address())) {
                conn.send(message);
                conn.recv();
            } catch (final IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try (Connection conn = listener.accept()) {
            assertEquals(message, conn.recv());
            conn.send("bye");
        }
        client.get(30, TimeUnit.SECONDS);
    }

    /**
     * The second client is served while the silent peer's handshake is still pending: a listener that handled one
     * handshake at a time would first have to give up on the silent one (its 20 s timeout) and close its connection.
     */
    @Test
    @Timeout(120)
    void shouldAcceptAClientWhileAnEarlierPeerStaysSilent() throws Exception {
        for (final Address requested : addresses()) {
            try (Listener listener = Listener.bind(requested);
                 SocketChannel silent = SocketChannel.open(listener.address().socketAddress())) {
                final ByteBuffer challenge = ByteBuffer.allocate(8);
                while (challenge.hasRemaining()) {
                    silent.read(challenge);
                }
                assertServesAClient(listener, "past the silent one on " + listener.address());
                // Whatever the listener sent is read; then a connection it gave up on would be at its end (-1).
                silent.configureBlocking(false);
                final ByteBuffer rest = ByteBuffer.allocate(4096);
                int read;
                do {
                    rest.clear();
                    read = silent.read(rest);
                } while (read > 0);
                assertEquals(0, read,
                    "the silent peer's handshake is still pending, not given up, on " + listener.address());
            }
        }
    }

    @Test
    @Timeout(120)
    void shouldServeAClientAfterGarbage() throws Exception {
        for (final Address requested : addresses()) {
            try (Listener listener = Listener.bind(requested)) {
                WireFuzz.garbageBeforeHandshake(listener.address().socketAddress(), 5, 60);
                assertServesAClient(listener, "after the garbage on " + listener.address());
            }
        }
    }
}
