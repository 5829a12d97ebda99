package dev.mproc.testing;

import dev.mproc.internal.wire.Endpoints;
import dev.mproc.internal.wire.FrameChannel;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Random;
import java.util.function.Function;

/**
 * Bounded fuzzing of a server's socket, from this JVM: garbage before the handshake, and random frames after a real
 * one. Every connection is closed before the next opens, so a run holds one descriptor at a time; a seed makes a
 * failure reproducible. The caller then checks that a good client is still served.
 */
public final class WireFuzz {

    private WireFuzz() {
    }

    /**
     * Opens connections that never complete the handshake: random bytes, a frame of random length, a frame header
     * that announces a huge frame, or nothing at all.
     *
     * @param address     the server's address (loopback or a Unix socket)
     * @param seed        the random seed
     * @param connections how many
     */
    public static void garbageBeforeHandshake(final SocketAddress address, final long seed, final int connections) {
        final Random random = new Random(seed);
        for (int i = 0; i < connections; i++) {
            try (SocketChannel socket = SocketChannel.open(address)) {
                switch (random.nextInt(4)) {
                    case 0:
                        socket.write(ByteBuffer.wrap(bytes(random, random.nextInt(300))));
                        break;
                    case 1:
                        final byte[] body = bytes(random, random.nextInt(64));
                        socket.write(ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip());
                        break;
                    case 2:
                        socket.write(ByteBuffer.allocate(6).putInt(0x7FFF_FFF0).put(bytes(random, 2)).flip());
                        break;
                    default:
                        break;
                }
            } catch (final IOException closedByTheServer) {
                // The server may drop a connection before the write; that is what it should do.
            }
        }
    }

    /**
     * Completes real handshakes, then sends random frames (shaped by {@code frame}) after an optional prelude.
     *
     * @param address     the server's address
     * @param authkey     the key the server expects
     * @param seed        the random seed
     * @param connections how many connections
     * @param frames      frames per connection, at most
     * @param frame       makes one random frame
     * @param prelude     frames sent first on every connection (a protocol's hello)
     * @throws IOException when the handshake itself fails
     */
    public static void framesAfterHandshake(final SocketAddress address, final byte[] authkey, final long seed,
                                            final int connections, final int frames,
                                            final Function<Random, byte[]> frame, final byte[]... prelude)
        throws IOException {
        final Random random = new Random(seed);
        for (int i = 0; i < connections; i++) {
            try (FrameChannel channel = Endpoints.connect(address, authkey)) {
                for (final byte[] first : prelude) {
                    channel.send(first, 0, first.length);
                }
                final int count = 1 + random.nextInt(frames);
                for (int f = 0; f < count; f++) {
                    final byte[] payload = frame.apply(random);
                    channel.send(payload, 0, payload.length);
                }
            } catch (final IOException droppedByTheServer) {
                if (droppedByTheServer instanceof dev.mproc.AuthenticationException) {
                    throw droppedByTheServer;
                }
                // The server dropped a connection that broke its protocol: what it should do.
            }
        }
    }

    /**
     * @param random the source
     * @return a frame of 0 to 40 random bytes, short ones as likely as long ones
     */
    public static byte[] randomFrame(final Random random) {
        return bytes(random, random.nextInt(41));
    }

    private static byte[] bytes(final Random random, final int length) {
        final byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
