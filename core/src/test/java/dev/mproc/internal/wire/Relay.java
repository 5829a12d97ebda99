package dev.mproc.internal.wire;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A man in the middle on loopback TCP that does not know the authkey: it relays a real client's handshake, and
 * rewrites the client's frames after it as a test asks (inject, alter, replay).
 */
final class Relay implements AutoCloseable {

    /** Frames the client sends for its part of the handshake: its answer, its challenge, its verdict. */
    static final int CLIENT_HANDSHAKE_FRAMES = 3;

    private final ServerSocket listening;
    private final InetSocketAddress target;
    private final BiFunction<Integer, byte[], List<byte[]>> tamper;
    private volatile Socket client;
    private volatile Socket server;

    /**
     * @param target where the real server listens
     * @param tamper given the index of a client-to-server frame and the frame (header included), the frames to send
     *               on instead
     */
    Relay(final InetSocketAddress target, final BiFunction<Integer, byte[], List<byte[]>> tamper)
        throws IOException {
        this.listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.target = target;
        this.tamper = tamper;
        final Thread acceptor = new Thread(this::run, "relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), listening.getLocalPort());
    }

    private void run() {
        try {
            client = listening.accept();
            server = new Socket(target.getAddress(), target.getPort());
            final Thread back = new Thread(() -> copy(server, client), "relay-back");
            back.setDaemon(true);
            back.start();
            forward(client.getInputStream(), server.getOutputStream());
        } catch (final IOException e) {
            // One end went away: the test is over.
        } finally {
            close();
        }
    }

    private void forward(final InputStream from, final OutputStream to) throws IOException {
        final DataInputStream in = new DataInputStream(from);
        for (int index = 0; ; index++) {
            final int length;
            try {
                length = in.readInt();
            } catch (final EOFException e) {
                return;
            }
            final byte[] frame = ByteBuffer.allocate(4 + length).putInt(length).array();
            in.readFully(frame, 4, length);
            for (final byte[] out : tamper.apply(index, frame)) {
                to.write(out);
            }
            to.flush();
        }
    }

    private static void copy(final Socket from, final Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (final IOException e) {
            // Closed by the other direction.
        }
    }

    /** @return a whole plain frame (header and payload) */
    static byte[] plainFrame(final byte[] payload) {
        return ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
    }

    @Override
    public void close() {
        for (final AutoCloseable closeable : new AutoCloseable[] {client, server, listening}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (final Exception ignored) {
                // Best effort: the relay is going away.
            }
        }
    }
}
