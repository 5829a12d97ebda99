package dev.mproc.internal;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.BeforeEach;
import java.nio.file.Path;
import java.nio.file.Files;
import dev.mproc.testing.Tripwire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every object stream the codec decodes goes through mproc's filter: limits, the user's patterns, the JDK's. */
class DecodeFilterTest {

    /** The file a {@link Tripwire} writes when it is deserialized. */
    @TempDir
    Path tripwires;
    private Path tripped;

    @BeforeEach
    void placeTripwire() {
        tripped = tripwires.resolve("tripped");
    }

    @AfterEach
    void clearProperty() {
        System.clearProperty(DecodeFilter.PROPERTY);
    }

    @Test
    void shouldRejectAGraphBombBeforeItsHashCodesExplode() throws Exception {
        final byte[] bomb = encode(graphBomb(40));
        final InvalidClassException rejected = assertThrows(InvalidClassException.class, () -> decode(bomb));
        assertTrue(rejected.getMessage().contains("maxdepth=" + DecodeFilter.DEFAULT_MAX_DEPTH),
            rejected.getMessage());
    }

    @Test
    void shouldLetAnExceptionWithALongCauseChainThrough() throws Exception {
        Throwable failure = new IllegalStateException("root");
        for (int i = 0; i < 8; i++) {
            failure = new RuntimeException("wrapped " + i, failure);
        }
        failure.addSuppressed(new IOException("suppressed"));
        final Throwable back = (Throwable) decode(encode(failure));
        assertEquals("wrapped 7", back.getMessage());
    }

    @Test
    void shouldRejectADeepChainUnlessTheLimitIsRaised() throws Exception {
        final byte[] deep = encode(Link.chain(100));
        assertThrows(InvalidClassException.class, () -> decode(deep));
        System.setProperty(DecodeFilter.PROPERTY, "maxdepth=500");
        assertEquals(100, ((Link) decode(deep)).length());
    }

    @Test
    void shouldRejectAnArrayLongerThanItsMessage() throws Exception {
        final byte[] stream = encode(new Holder(new int[4]));
        // The int[]'s length sits just before its 16 bytes of elements, at the end of the stream.
        ByteBuffer.wrap(stream).putInt(stream.length - 16 - 4, 1 << 28);
        final InvalidClassException rejected = assertThrows(InvalidClassException.class, () -> decode(stream));
        assertTrue(rejected.getMessage().contains("array of length " + (1 << 28)), rejected.getMessage());
    }

    @Test
    void shouldRejectAClassOutsideTheUsersAllowListAndGoOn() throws Exception {
        System.setProperty(DecodeFilter.PROPERTY, "java.base/*;!*");
        final byte[] tripwire = encode(new Tripwire(tripped));
        final InvalidClassException rejected = assertThrows(InvalidClassException.class, () -> decode(tripwire));
        assertTrue(rejected.getMessage().contains(Tripwire.class.getName())
            && rejected.getMessage().contains("-D" + DecodeFilter.PROPERTY), rejected.getMessage());
        assertTrue(!Files.exists(tripped), "the rejected object's readObject never ran");
        assertEquals(new Date(42), decode(encode(new Date(42))), "allowed classes still decode");
    }

    @Test
    void shouldForwardTheFiltersToChildren() {
        System.setProperty(DecodeFilter.PROPERTY, "com.example.*;!*");
        final List<String> flags = JvmFlags.withFilters(List.of("-Dmproc.serialFilter=stale", "-ea"));
        assertEquals(List.of("-ea", "-Dmproc.serialFilter=com.example.*;!*"),
            flags.subList(0, 2));
    }

    @Test
    void shouldRefuseAMalformedLimit() {
        System.setProperty(DecodeFilter.PROPERTY, "maxdepth=deep");
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> decode(encode(new Date(1))));
        assertTrue(refused.getMessage().contains("maxdepth=deep"), refused.getMessage());
    }

    /** Nested sets whose hashing doubles at each level: 2^depth work to deserialize without a filter. */
    private static Set<Object> graphBomb(final int depth) {
        final Set<Object> root = new HashSet<>();
        Set<Object> s1 = root;
        Set<Object> s2 = new HashSet<>();
        for (int i = 0; i < depth; i++) {
            final Set<Object> t1 = new HashSet<>();
            final Set<Object> t2 = new HashSet<>();
            t1.add("foo");
            s1.add(t1);
            s1.add(t2);
            s2.add(t1);
            s2.add(t2);
            s1 = t1;
            s2 = t2;
        }
        return root;
    }

    private static byte[] encode(final Object value) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        Codec.standard().encode(value, out);
        return out.toByteArray();
    }

    private static Object decode(final byte[] bytes) throws IOException {
        return Codec.standard().decode(bytes, 0, bytes.length);
    }

    /** A user class that is not a plain value, so it crosses as an object stream. */
    static final class Holder implements Serializable {
        private static final long serialVersionUID = 1L;
        final int[] values;

        Holder(final int[] values) {
            this.values = values;
        }
    }

    /** One link of a chain, each nested in the one before. */
    static final class Link implements Serializable {
        private static final long serialVersionUID = 1L;
        final Link next;

        Link(final Link next) {
            this.next = next;
        }

        static Link chain(final int length) {
            Link head = null;
            for (int i = 0; i < length; i++) {
                head = new Link(head);
            }
            return head;
        }

        int length() {
            return next == null ? 1 : 1 + next.length();
        }
    }
}
