package dev.mproc.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.AuthenticationException;
import dev.mproc.WireMode;
import dev.mproc.internal.RuntimeDirectory;
import dev.mproc.testing.NoLeaks;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Python's multiprocessing.connection and ours exchange byte messages, both ways, Unix and TCP. */
@ExtendWith(NoLeaks.class)
class PythonWireCompatibilityTest {

    private static final byte[] KEY = "shared between java and python".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;

    private static Path script;

    @BeforeAll
    static void requirePython() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(pythonAvailable(), "python3 is not on this machine");
        script = dir.resolve("wire_peer.py");
        try (var in = PythonWireCompatibilityTest.class.getResourceAsStream("/python/wire_peer.py")) {
            Files.copy(in, script);
        }
    }

    @Test
    void pythonClientShouldTalkToOurListenerOverUnix() throws Exception {
        final Path path = RuntimeDirectory.newSocketPath("python");
        try (ServerSocketChannel server = Endpoints.bind(UnixDomainSocketAddress.of(path))) {
            final java.lang.Process python = python("client", "unix", path.toString(), KEY);
            try (FrameChannel channel = Endpoints.accept(server, KEY)) {
                assertEquals("hello from python", new String(channel.receive(), StandardCharsets.UTF_8));
                channel.send("abc".getBytes(StandardCharsets.UTF_8), 0, 3);
                assertEquals("cba", new String(channel.receive(), StandardCharsets.UTF_8));
            }
            assertEquals(0, finish(python));
        } finally {
            RuntimeDirectory.files().release(path);
        }
    }

    @Test
    void pythonClientShouldTalkToOurListenerInPlainModeOverTcp() throws Exception {
        try (ServerSocketChannel server = Endpoints.bind(new InetSocketAddress("127.0.0.1", 0))) {
            final int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            final java.lang.Process python = python("client", "tcp", "127.0.0.1:" + port, KEY);
            try (FrameChannel channel = Endpoints.accept(server, KEY, WireMode.PYTHON_COMPATIBLE)) {
                assertEquals("hello from python", new String(channel.receive(), StandardCharsets.UTF_8));
                channel.send("abc".getBytes(StandardCharsets.UTF_8), 0, 3);
                assertEquals("cba", new String(channel.receive(), StandardCharsets.UTF_8));
            }
            assertEquals(0, finish(python));
        }
    }

    @Test
    void pythonClientShouldBeRefusedClearlyByAProtectedListenerOverTcp() throws Exception {
        try (ServerSocketChannel server = Endpoints.bind(new InetSocketAddress("127.0.0.1", 0))) {
            final int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            final java.lang.Process python = python("client", "tcp", "127.0.0.1:" + port, KEY);
            final AuthenticationException refused = assertThrows(AuthenticationException.class,
                () -> Endpoints.accept(server, KEY));
            assertTrue(refused.getMessage().contains("PYTHON_COMPATIBLE"), refused.getMessage());
            assertTrue(finish(python) != 0, "python's client must not get through");
        }
    }

    @Test
    void ourProtectedClientShouldRefuseAPythonListenerClearly() throws Exception {
        final java.lang.Process tcp = python("listener", "tcp", "127.0.0.1:0", KEY);
        final int port = awaitReady(tcp);
        final AuthenticationException refused = assertThrows(AuthenticationException.class,
            () -> Endpoints.connect(new InetSocketAddress("127.0.0.1", port), KEY));
        assertTrue(refused.getMessage().contains("sends plain frames"), refused.getMessage());
        tcp.destroy();
        tcp.waitFor();
    }

    @Test
    void pythonClientWithTheWrongKeyShouldBeRejectedOverTcp() throws Exception {
        try (ServerSocketChannel server = Endpoints.bind(new InetSocketAddress("127.0.0.1", 0))) {
            final int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            final java.lang.Process python = python("client", "tcp", "127.0.0.1:" + port,
                "not the key".getBytes(StandardCharsets.UTF_8));
            assertThrows(AuthenticationException.class, () -> Endpoints.accept(server, KEY));
            assertTrue(finish(python) != 0, "python's client must fail authentication too");
        }
    }

    @Test
    void ourClientShouldTalkToPythonsListenerOverUnixAndTcp() throws Exception {
        final Path path = dir.resolve("py.sock");
        final java.lang.Process unix = python("listener", "unix", path.toString(), KEY);
        awaitReady(unix);
        try (FrameChannel channel = Endpoints.connect(UnixDomainSocketAddress.of(path), KEY)) {
            channel.send("stressed".getBytes(StandardCharsets.UTF_8), 0, 8);
            assertArrayEquals("desserts".getBytes(StandardCharsets.UTF_8), channel.receive());
        }
        assertEquals(0, finish(unix));

        final java.lang.Process tcp = python("listener", "tcp", "127.0.0.1:0", KEY);
        final int port = awaitReady(tcp);
        try (FrameChannel channel = Endpoints.connect(new InetSocketAddress("127.0.0.1", port), KEY,
            WireMode.PYTHON_COMPATIBLE)) {
            final byte[] big = new byte[1 << 20];
            big[0] = 1;
            channel.send(big, 0, big.length);
            final byte[] back = channel.receive();
            assertEquals(big.length, back.length);
            assertEquals(1, back[back.length - 1]);
        }
        assertEquals(0, finish(tcp));
    }

    private static java.lang.Process python(final String role, final String family, final String address,
                                            final byte[] key) throws IOException {
        return new ProcessBuilder("python3", script.toString(), role, family, address,
            HexFormat.of().formatHex(key)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static int awaitReady(final java.lang.Process python) throws IOException {
        final String line = new BufferedReader(new InputStreamReader(python.getInputStream(),
            StandardCharsets.UTF_8)).readLine();
        assertTrue(line != null && line.startsWith("ready"), "python listener did not start: " + line);
        return Integer.parseInt(line.split(" ")[1]);
    }

    private static int finish(final java.lang.Process python) throws InterruptedException {
        if (!python.waitFor(30, TimeUnit.SECONDS)) {
            python.destroyForcibly().waitFor();
            throw new AssertionError("python peer did not finish");
        }
        return python.exitValue();
    }

    private static boolean pythonAvailable() {
        try {
            final java.lang.Process probe = new ProcessBuilder("python3", "-c",
                "import multiprocessing.connection").redirectErrorStream(true).start();
            return probe.waitFor(20, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (final IOException | InterruptedException e) {
            return false;
        }
    }
}
