package dev.mproc.internal;

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
import java.util.Set;
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
    void shouldKeepTheClassAndContentsOfPlainCollections() throws Exception {
        final java.util.ArrayList<Object> arrayList = new java.util.ArrayList<>(Arrays.asList(42, null, "hello"));
        final java.util.LinkedHashMap<String, Object> linked = new java.util.LinkedHashMap<>();
        linked.put("z", List.of(1L, 2.5, 'c'));
        linked.put("a", new int[] {1, -2, Integer.MIN_VALUE});
        final List<Object> values = List.of(arrayList, Arrays.asList("x", null), List.of(), List.of(1),
            List.of(1, 2, 3),
            new java.util.HashMap<>(Map.of("k", true)), linked, Map.of(), Map.of(1, "one"), Map.of(1, 1, 2, 2),
            new java.util.HashSet<>(List.of(1, 2)), new java.util.LinkedHashSet<>(List.of("b", "a")), Set.of(),
            Set.of(7), Set.of(1, 2, 3), List.of(List.of(List.of((short) -1, (byte) 2, 1.5f)), "x"),
            List.of(Long.MAX_VALUE, Long.MIN_VALUE, -1, 0, "é✓"));
        for (final Object value : values) {
            final Object back = roundTrip(value);
            assertEquals(value.getClass(), back.getClass(), value.toString());
            if (value == linked) {
                assertEquals(List.of("z", "a"), List.copyOf(((Map<?, ?>) back).keySet()), "insertion order kept");
                assertArrayEquals(new int[] {1, -2, Integer.MIN_VALUE}, (int[]) ((Map<?, ?>) back).get("a"));
            } else {
                assertEquals(value, back);
            }
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.encode(Arrays.asList(42, null, "hello"), out);
        assertTrue(out.size() < 16, "a small list is a handful of bytes, not an object stream: " + out.size());
    }

    @Test
    void shouldLeaveSharedOrForeignStructureToJavaSerialization() throws Exception {
        final List<Object> shared = new java.util.ArrayList<>(List.of(1));
        final List<?> twice = (List<?>) roundTrip(new java.util.ArrayList<>(List.of(shared, shared)));
        assertTrue(twice.get(0) == twice.get(1), "a container reached twice stays one object");

        final List<Object> cycle = new java.util.ArrayList<>();
        cycle.add(cycle);
        final List<?> back = (List<?>) roundTrip(cycle);
        assertTrue(back.get(0) == back);

        final java.util.TreeMap<String, Integer> sorted = new java.util.TreeMap<>(Map.of("b", 2, "a", 1));
        final List<?> foreign = (List<?>) roundTrip(new java.util.ArrayList<>(List.of(sorted, new long[] {-1L})));
        assertEquals(sorted, foreign.get(0), "a list holding a TreeMap still crosses, by Java serialization");
        assertEquals(java.util.TreeMap.class, foreign.get(0).getClass());
        assertArrayEquals(new long[] {-1L}, (long[]) foreign.get(1));
    }

    @Test
    void shouldRejectAGarbledPlainTree() {
        assertThrows(StreamCorruptedException.class, () -> codec.decode(new byte[] {12, 20, 100}, 0, 3));
        assertThrows(StreamCorruptedException.class, () -> codec.decode(new byte[] {12, 20, 1, 99}, 0, 4));
        assertThrows(StreamCorruptedException.class, () -> codec.decode(new byte[] {12, 1, 5, 'a'}, 0, 4));
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
        @SuppressWarnings("serial") // any payload, the unserializable ones included: what the codec does with them
        private final Object payload;

        Holder(final Object payload) {
            this.payload = payload;
        }
    }
}
