package dev.mproc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.Serializable;
import java.io.StreamCorruptedException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodecTest {

    private final Codec codec = Codec.standard();

    @Test
    void shouldRoundTripEveryFastPathAndObjects() throws Exception {
        final List<Object> values = Arrays.asList(null, "héllo", "", 42, -1, Long.MIN_VALUE, 3.1415927, true, false,
            1.5f, (short) -7, 'x', (byte) -128, List.of(1, "a"), Map.of("k", 2), new int[] {1, 2});
        for (final Object value : values) {
            final Object back = roundTrip(value);
            if (value instanceof int[]) {
                assertArrayEquals((int[]) value, (int[]) back);
            } else {
                assertEquals(value, back, String.valueOf(value));
            }
        }
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) roundTrip(new byte[] {1, 2, 3}));
        assertEquals(ByteBuffer.wrap(new byte[] {4, 5}), roundTrip(ByteBuffer.wrap(new byte[] {9, 4, 5}, 1, 2)));
    }

    @Test
    void shouldKeepBytePayloadsOutOfObjectStreams() throws Exception {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.encode(new byte[1000], out);
        assertEquals(1001, out.size(), "one tag byte, then the bytes");
        out.reset();
        codec.encode("abc", out);
        assertEquals(4, out.size());
    }

    @Test
    void shouldNameTheClassThatIsNotSerializable() {
        final NotSerializableException nested = assertThrows(NotSerializableException.class,
            () -> codec.encode(List.of(new Holder(new Object())), new ByteArrayOutputStream()));
        assertTrue(nested.getMessage().startsWith("class java.lang.Object is not Serializable"), nested.getMessage());

        final Thread thread = new Thread(() -> { });
        final Runnable lambda = (Runnable & Serializable) () -> thread.getName();
        final NotSerializableException captured = assertThrows(NotSerializableException.class,
            () -> codec.encode(lambda, new ByteArrayOutputStream()));
        assertTrue(captured.getMessage().contains("java.lang.Thread"), captured.getMessage());
        assertTrue(captured.getMessage().contains("the lambda captures"), captured.getMessage());
    }

    @Test
    void shouldRejectGarbage() {
        assertThrows(StreamCorruptedException.class, () -> codec.decode(new byte[0], 0, 0));
        assertThrows(StreamCorruptedException.class, () -> codec.decode(new byte[] {99}, 0, 1));
        assertThrows(StreamCorruptedException.class, () -> codec.decode(new byte[] {3, 1}, 0, 2));
        assertThrows(IOException.class, () -> codec.decode(new byte[] {'J', 1, 2, 3}, 0, 4));
    }

    private Object roundTrip(final Object value) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.encode(value, out);
        return codec.decode(out.toByteArray(), 0, out.size());
    }

    private static final class Holder implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Object payload;

        Holder(final Object payload) {
            this.payload = payload;
        }
    }
}
