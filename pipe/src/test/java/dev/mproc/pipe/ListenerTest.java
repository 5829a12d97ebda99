package dev.mproc.pipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Address;
import dev.mproc.AuthenticationException;
import dev.mproc.Process;
import dev.mproc.internal.Codec;
import dev.mproc.internal.wire.Endpoints;
import dev.mproc.internal.wire.FrameChannel;
import dev.mproc.testing.Await;
import dev.mproc.testing.Children;
import dev.mproc.testing.NoLeaks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Listeners serving clients in child JVMs, raw sockets and Python. */
@ExtendWith(NoLeaks.class)
class ListenerTest {

    private static final Duration TIMEOUT = Await.HANG;

    @TempDir
    Path dir;

    @Test
    void shouldServeAClientInAChildOverUnixAndTcp() throws Exception {
        for (final Address requested : new Address[] {Address.unix(dir.resolve("l.sock")),
            Address.tcp("127.0.0.1", 0)}) {
            try (Listener listener = Listener.bind(requested)) {
                final Address address = listener.address();
                if (!requested.isUnix()) {
                    assertTrue(address.port() > 0, "port 0 resolves to the port actually bound: " + address);
                }
                try (Process p = Process.start(() -> {
                    try (Connection conn = Client.connect(address)) {
                        conn.send("hello from " + ProcessHandle.current().pid());
                        conn.sendBytes(conn.recvBytes());
                    }
                })) {
                    try (Connection conn = listener.accept()) {
                        assertEquals("hello from " + p.pid(), conn.recv());
                        conn.sendBytes(new byte[] {1, 2, 3});
                        assertArrayEquals(new byte[] {1, 2, 3}, conn.recvBytes());
                    }
                    assertTrue(p.join(TIMEOUT));
                    assertEquals(OptionalInt.of(0), p.exitCode());
                }
            }
            if (requested.isUnix()) {
                assertFalse(Files.exists(requested.path()), "the socket file is removed on close");
            }
        }
    }

    @Test
    void shouldRejectAWrongAuthkeyAndKeepAcceptingOthers() throws Exception {
        final byte[] key = "the right key".getBytes();
        final String out = dir.resolve("out").toString();
        try (Listener listener = Listener.bind(Address.unix(dir.resolve("l.sock")), key)) {
            final Address address = listener.address();
            try (Process p = Process.start(() -> {
                try {
                    Client.connect(address, "a wrong key".getBytes()).close();
                    Files.writeString(Path.of(out), "connected");
                } catch (final AuthenticationException e) {
                    Files.writeString(Path.of(out), "refused: " + e.getMessage());
                }
                try (Connection conn = Client.connect(address, key)) {
                    conn.send("with the right key");
                }
            })) {
                try (Connection conn = listener.accept()) {
                    assertEquals("with the right key", conn.recv());
                }
                assertTrue(p.join(TIMEOUT));
                assertEquals(OptionalInt.of(0), p.exitCode());
                assertTrue(Children.awaitFile(Path.of(out), TIMEOUT).startsWith("refused: "));
            }
        }
    }

    @Test
    void shouldNeverDeserializeGarbageAndServeTheNextClient() throws Exception {
        Tripwire.DESERIALIZED.set(false);
        final ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        Codec.standard().encode(new Tripwire(), encoded);
        Codec.standard().decode(encoded.toByteArray(), 0, encoded.size());
        assertTrue(Tripwire.DESERIALIZED.getAndSet(false), "the tripwire trips when deserialized");

        try (Listener listener = Listener.bind(Address.unix(dir.resolve("l.sock")))) {
            final Address address = listener.address();
            try (SocketChannel raw = SocketChannel.open(address.socketAddress())) {
                final ByteBuffer frame = ByteBuffer.allocate(4 + encoded.size());
                frame.putInt(encoded.size()).put(encoded.toByteArray()).flip();
                raw.write(frame.duplicate());
                raw.write(frame.duplicate());
                try (Process p = Process.start(() -> {
                    try (Connection conn = Client.connect(address)) {
                        conn.send("after the garbage");
                    }
                })) {
                    try (Connection conn = listener.accept()) {
                        assertEquals("after the garbage", conn.recv());
                    }
                    assertTrue(p.join(TIMEOUT));
                }
            }
        }
        assertFalse(Tripwire.DESERIALIZED.get(), "garbage reached the deserializer");
    }

    @Test
    void shouldCloseAConnectionWhoseFramesAreGarbled() throws Exception {
        try (Listener listener = Listener.bind(Address.unix(dir.resolve("l.sock")))) {
            final Address address = listener.address();
            // The client stays connected until the test has checked, so the server sees garbage, not an end.
            final CountDownLatch checked = new CountDownLatch(1);
            final Thread client = new Thread(() -> {
                try (FrameChannel channel = Endpoints.connect(address.socketAddress(),
                    dev.mproc.Processes.authkey())) {
                    channel.socket().write(ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x12, 0x34, 1, 2}));
                    checked.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (final IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            client.start();
            try (Connection conn = listener.accept()) {
                final StreamCorruptedException e = assertThrows(StreamCorruptedException.class, conn::recv);
                assertTrue(e.getMessage().contains("garbled"), e.getMessage());
                assertTrue(conn.isClosed());
            } finally {
                checked.countDown();
            }
            client.join();
        }
    }

    @Test
    void shouldTalkToPythonsClient() throws Exception {
        Assumptions.assumeTrue(Python.available(), "python3 is not installed");
        final byte[] key = "shared with python".getBytes();
        final Path socket = dir.resolve("py.sock");
        try (Listener listener = Listener.bind(Address.unix(socket), key)) {
            final java.lang.Process python = Python.start(dir, String.join("\n",
                "import sys",
                "from multiprocessing.connection import Client",
                "c = Client(sys.argv[1], family='AF_UNIX', authkey=bytes.fromhex(sys.argv[2]))",
                "c.send_bytes(b'hello from python')",
                "m = c.recv_bytes()",
                "c.send_bytes(m[::-1])",
                "c.close()"), socket.toString(), Python.hex(key));
            try (Connection conn = listener.accept()) {
                assertEquals("hello from python", new String(conn.recvBytes()));
                conn.sendBytes("!avaj morf".getBytes());
                assertEquals("from java!", new String(conn.recvBytes()));
            }
            assertEquals(0, Children.awaitExit(python, TIMEOUT), Files.readString(dir.resolve("python-err.txt")));
        }
    }

    @Test
    void shouldTalkToPythonsClientOverTcpInPythonCompatibleMode() throws Exception {
        Assumptions.assumeTrue(Python.available(), "python3 is not installed");
        final byte[] key = "shared with python".getBytes();
        try (Listener listener = Listener.bind(Address.tcp("127.0.0.1", 0), key,
            dev.mproc.WireMode.PYTHON_COMPATIBLE)) {
            final java.lang.Process python = Python.start(dir, String.join("\n",
                "import sys",
                "from multiprocessing.connection import Client",
                "c = Client(('127.0.0.1', int(sys.argv[1])), authkey=bytes.fromhex(sys.argv[2]))",
                "c.send_bytes(b'hello from python')",
                "m = c.recv_bytes()",
                "c.send_bytes(m[::-1])",
                "c.close()"), Integer.toString(listener.address().port()), Python.hex(key));
            try (Connection conn = listener.accept()) {
                assertEquals("hello from python", new String(conn.recvBytes()));
                conn.sendBytes("!avaj morf".getBytes());
                assertEquals("from java!", new String(conn.recvBytes()));
            }
            assertEquals(0, Children.awaitExit(python, TIMEOUT), Files.readString(dir.resolve("python-err.txt")));
        }
    }
}
