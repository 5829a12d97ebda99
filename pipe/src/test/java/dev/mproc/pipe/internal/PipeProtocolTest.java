package dev.mproc.pipe.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Reading the version of a greeting, and of what is not one. */
class PipeProtocolTest {

    @Test
    void shouldReadTheVersionAGreetingStates() {
        assertEquals(PipeProtocol.VERSION, PipeProtocol.versionOf(bytes(PipeProtocol.greeting(PipeProtocol.VERSION))));
        assertEquals(200, PipeProtocol.versionOf(bytes(PipeProtocol.greeting(200))), "read unsigned");
    }

    @Test
    void shouldReadAGreetingThatALaterVersionLengthened() {
        final byte[] greeting = bytes(PipeProtocol.greeting(3));
        final byte[] longer = Arrays.copyOf(greeting, greeting.length + 16);
        assertEquals(3, PipeProtocol.versionOf(longer));
    }

    @Test
    void shouldTakeAnyOtherFirstMessageForVersionOne() {
        assertEquals(1, PipeProtocol.versionOf("hello".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(1, PipeProtocol.versionOf(new byte[0]));
        assertEquals(1, PipeProtocol.versionOf("mproc-pipe".getBytes(StandardCharsets.US_ASCII)), "no version");
        assertEquals(1, PipeProtocol.versionOf(new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5}), "a serialized object");
    }

    private static byte[] bytes(final ByteBuffer buffer) {
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
