package dev.mproc.internal.wire;

import dev.mproc.internal.RuntimeDirectory;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** A connected pair of frame channels over a Unix socket in this JVM, without authentication. */
final class WireFixture implements AutoCloseable {

    final FrameChannel left;
    final FrameChannel right;

    private WireFixture(final FrameChannel left, final FrameChannel right) {
        this.left = left;
        this.right = right;
    }

    static WireFixture open() throws IOException {
        final Path path = RuntimeDirectory.newSocketPath("test");
        try (ServerSocketChannel server = Endpoints.bind(UnixDomainSocketAddress.of(path))) {
            final SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path));
            final SocketChannel accepted = server.accept();
            return new WireFixture(FrameChannel.of(accepted, "the right end"), FrameChannel.of(client, "the left end"));
        } finally {
            RuntimeDirectory.files().release(path);
        }
    }

    @Override
    public void close() {
        left.close();
        right.close();
    }
}
