package dev.mproc.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Address;
import dev.mproc.AuthenticationException;
import dev.mproc.testing.Await;
import dev.mproc.testing.Children;
import dev.mproc.testing.NoLeaks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Clients connecting to nobody, to Python's Listener, and with the wrong key. */
@ExtendWith(NoLeaks.class)
class ClientTest {

    private static final Duration TIMEOUT = Await.HANG;

    @TempDir
    Path dir;

    @Test
    void shouldNameTheAddressWhenNobodyListens() {
        final Address nobody = Address.unix(dir.resolve("nobody.sock"));
        final IOException e = assertThrows(IOException.class, () -> Client.connect(nobody));
        assertTrue(e.getMessage().contains(nobody.path().toString()), e.getMessage());
    }

    @Test
    void shouldTalkToPythonsListener() throws Exception {
        Assumptions.assumeTrue(Python.available(), "python3 is not installed");
        final byte[] key = "shared with python".getBytes();
        final Path socket = dir.resolve("py.sock");
        final java.lang.Process python = Python.start(dir, String.join("\n",
            "import sys",
            "from multiprocessing.connection import Listener",
            "l = Listener(sys.argv[1], family='AF_UNIX', authkey=bytes.fromhex(sys.argv[2]))",
            "print('ready', flush=True)",
            "for _ in range(2):",
            "    try:",
            "        c = l.accept()",
            "    except Exception as e:",
            "        print('refused', type(e).__name__, flush=True)",
            "        continue",
            "    c.send_bytes(c.recv_bytes().upper())",
            "    c.close()",
            "l.close()"), socket.toString(), Python.hex(key));
        try {
            assertEquals("ready", Children.awaitFile(dir.resolve("python-out.txt"), TIMEOUT));
            assertThrows(AuthenticationException.class,
                () -> Client.connect(Address.unix(socket), "not the key".getBytes()));
            try (Connection conn = Client.connect(Address.unix(socket), key)) {
                conn.sendBytes("ping from java".getBytes());
                assertEquals("PING FROM JAVA", new String(conn.recvBytes()));
            }
            assertEquals(0, Children.awaitExit(python, TIMEOUT), Files.readString(dir.resolve("python-err.txt")));
            assertTrue(Files.readString(dir.resolve("python-out.txt")).contains("refused AuthenticationError"));
        } finally {
            python.destroyForcibly().waitFor();
        }
    }
}
