package dev.mproc.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mproc.Address;
import dev.mproc.Processes;
import dev.mproc.internal.Codec;
import dev.mproc.manager.internal.Protocol;
import dev.mproc.testing.NoLeaks;
import dev.mproc.testing.WireFuzz;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A manager's server under garbage before the handshake, random requests after it, and silent peers. */
@ExtendWith(NoLeaks.class)
@Timeout(180)
class ManagerServerResilienceTest {

    private static byte[] hello() throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        Codec.standard().encode("mproc-manager " + Protocol.VERSION + " fuzz-session 1", out);
        return out.toByteArray();
    }

    /** Garbage, then handshakes with random hellos, then a real hello and random requests. */
    private static void fuzz(final Address address, final byte[] authkey, final long seed) throws IOException {
        WireFuzz.garbageBeforeHandshake(address.socketAddress(), seed, 40);
        WireFuzz.framesAfterHandshake(address.socketAddress(), authkey, seed, 20, 4, WireFuzz::randomFrame);
        WireFuzz.framesAfterHandshake(address.socketAddress(), authkey, seed, 20, 8, WireFuzz::randomFrame, hello());
    }

    private static void assertServesAClient(final Address address, final byte[] authkey) throws IOException {
        try (Manager client = Manager.connect(address, authkey)) {
            final ConcurrentMap<String, Integer> dict = client.dict();
            dict.put("served", 1);
            assertEquals(1, dict.get("served"));
        }
    }

    @Test
    void shouldServeOverTcpAfterGarbageAndRandomRequests() throws Exception {
        final byte[] key = "manager fuzz key".getBytes(StandardCharsets.US_ASCII);
        try (Manager manager = Manager.serve(Address.tcp("127.0.0.1", 0), key)) {
            fuzz(manager.address(), key, 21);
            assertServesAClient(manager.address(), key);
        }
    }

    @Test
    void shouldServeTheStartedManagerAfterGarbageAndRandomRequests() throws Exception {
        try (Manager manager = Manager.start()) {
            fuzz(manager.address(), Processes.authkey(), 22);
            assertServesAClient(manager.address(), Processes.authkey());
            final ConcurrentMap<String, String> dict = manager.dict();
            dict.put("owner", "still served");
            assertEquals("still served", dict.get("owner"));
        }
    }

    @Test
    void shouldServeAClientWhileAPeerStaysSilent() throws Exception {
        final byte[] key = "manager silent key".getBytes(StandardCharsets.US_ASCII);
        try (Manager manager = Manager.serve(Address.tcp("127.0.0.1", 0), key);
             SocketChannel silent = SocketChannel.open(manager.address().socketAddress())) {
            final ByteBuffer challenge = ByteBuffer.allocate(8);
            while (challenge.hasRemaining()) {
                silent.read(challenge);
            }
            assertServesAClient(manager.address(), key);
        }
    }
}
