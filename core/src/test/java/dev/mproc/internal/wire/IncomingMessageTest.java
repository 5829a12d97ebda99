package dev.mproc.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** A message's storage grows as its bytes arrive, never from its header alone. */
class IncomingMessageTest {

    @Test
    void shouldAllocateOnlyAChunkForAHugeHeader() {
        final IncomingMessage message = new IncomingMessage(1 << 30);
        assertEquals(IncomingMessage.FIRST_CHUNK, message.capacity());
        assertEquals(IncomingMessage.FIRST_CHUNK, message.room().remaining());
    }

    @Test
    void shouldGrowGeometricallyAsBytesArriveUpToTheDeclaredLength() {
        final int length = 5 * IncomingMessage.FIRST_CHUNK + 3;
        final IncomingMessage message = new IncomingMessage(length);
        final byte[] expected = new byte[length];
        int received = 0;
        int growths = 0;
        while (!message.isComplete()) {
            final int before = message.capacity();
            final ByteBuffer room = message.room();
            growths += message.capacity() > before ? 1 : 0;
            assertTrue(message.capacity() <= Math.max(IncomingMessage.FIRST_CHUNK, 2 * received),
                "storage never runs ahead of what arrived by more than double");
            final int n = Math.min(room.remaining(), 1000);
            for (int i = 0; i < n; i++) {
                expected[received + i] = (byte) (received + i);
                room.put((byte) (received + i));
            }
            message.received(n);
            received += n;
        }
        assertEquals(3, growths, "64 KiB, 128 KiB, 256 KiB, then the exact length");
        assertArrayEquals(expected, message.bytes());
    }

    @Test
    void shouldHandleAnEmptyMessage() {
        final IncomingMessage message = new IncomingMessage(0);
        assertTrue(message.isComplete());
        assertEquals(0, message.bytes().length);
        assertFalse(message.room().hasRemaining());
    }
}
