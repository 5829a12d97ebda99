package dev.mproc.internal.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StreamCorruptedException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** A worker's first message is checked (type, version, length) from its header alone, before any decoding. */
class PoolProtocolTest {

    @Test
    void shouldReadTheWorkerIdOfAWellFormedHello() throws Exception {
        assertEquals(7, PoolProtocol.helloWorkerId(hello(PoolProtocol.HELLO, PoolProtocol.VERSION, 7,
            PoolProtocol.OK, 0)));
        assertEquals(8, PoolProtocol.helloWorkerId(hello(PoolProtocol.HELLO, PoolProtocol.VERSION, 8,
            PoolProtocol.FAILED, 12)));
    }

    @Test
    void shouldRejectAFirstMessageThatIsNotAHello() {
        final byte[] objectStream = {'J', (byte) 0xAC, (byte) 0xED, 0, 5, 0, 0, 0};
        assertThrows(StreamCorruptedException.class, () -> PoolProtocol.helloWorkerId(objectStream));
        assertThrows(StreamCorruptedException.class, () -> PoolProtocol.helloWorkerId(
            hello(PoolProtocol.RESULT, PoolProtocol.VERSION, 1, PoolProtocol.OK, 0)));
    }

    @Test
    void shouldRejectAnotherVersionOrAMalformedLength() {
        assertThrows(StreamCorruptedException.class, () -> PoolProtocol.helloWorkerId(
            hello(PoolProtocol.HELLO, (byte) 2, 1, PoolProtocol.OK, 0)));
        assertThrows(StreamCorruptedException.class, () -> PoolProtocol.helloWorkerId(
            hello(PoolProtocol.HELLO, PoolProtocol.VERSION, 1, PoolProtocol.OK, 30)));
        assertThrows(StreamCorruptedException.class, () -> PoolProtocol.helloWorkerId(
            hello(PoolProtocol.HELLO, PoolProtocol.VERSION, 1, PoolProtocol.FAILED, 0)));
        assertThrows(StreamCorruptedException.class, () -> PoolProtocol.helloWorkerId(
            hello(PoolProtocol.HELLO, PoolProtocol.VERSION, 1, (byte) 9, 0)));
        assertThrows(StreamCorruptedException.class, () -> PoolProtocol.helloWorkerId(new byte[] {10, 1, 0}));
    }

    private static byte[] hello(final byte type, final byte version, final int workerId, final byte status,
                                final int trailing) {
        return ByteBuffer.allocate(PoolProtocol.HELLO_HEADER_LENGTH + trailing).put(type).put(version)
            .putInt(workerId).put(status).array();
    }
}
