package dev.mproc.internal.ring;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A doorbell between two processes over a connected, authenticated socket that carries nothing else: a ring is one
 * byte written, the {@link BellWatcher} thread reads the peer's bytes and wakes this side's waiters, and the end of
 * the stream says the peer is gone, so a waiter parked on a ring learns of its peer's death at once.
 *
 * <p><b>Thread safety:</b> safe from any thread. <b>Process safety:</b> one bell at each end of the socket.
 */
public final class SocketBell extends Generation implements Doorbell, AutoCloseable {

    private final SocketChannel socket;
    private final ByteBuffer one = ByteBuffer.allocateDirect(1);
    private final ByteBuffer incoming = ByteBuffer.allocateDirect(256);

    private SocketBell(final SocketChannel socket) {
        this.socket = socket;
    }

    /**
     * Starts watching the socket for the peer's rings and its end.
     *
     * @param socket a connected socket that will carry only rings from now on
     * @return the bell
     * @throws IOException when the socket cannot be watched
     */
    public static SocketBell over(final SocketChannel socket) throws IOException {
        final SocketBell bell = new SocketBell(socket);
        socket.configureBlocking(false);
        BellWatcher.watch(bell);
        return bell;
    }

    /**
     * Writes one byte to the peer. When the socket's buffer is full the peer has rings it has not read yet, which
     * wake it as well; when the peer is gone, there is nobody to wake.
     */
    @Override
    public void ring() {
        synchronized (one) {
            one.clear();
            try {
                socket.write(one);
            } catch (final IOException gone) {
                peerLeft();
            }
        }
    }

    /** @return the socket, for the watcher */
    SocketChannel socket() {
        return socket;
    }

    /** Reads what the peer sent: rings wake the waiters; the end of the stream says the peer is gone. */
    void readable() {
        try {
            int read;
            do {
                incoming.clear();
                read = socket.read(incoming);
            } while (read > 0);
            if (read < 0) {
                peerLeft();
            } else {
                advance();
            }
        } catch (final IOException gone) {
            peerLeft();
        }
    }

    /** Stops watching and closes the socket; the peer sees this side gone. */
    @Override
    public void close() {
        BellWatcher.forget(this);
        try {
            socket.close();
        } catch (final IOException ignored) {
            // Closing is all that was asked; the socket is unusable either way.
        }
        peerLeft();
    }
}
