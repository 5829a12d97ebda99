package dev.mproc.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.internal.Codec;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A message is built in place, big-endian, and a value that cannot be encoded leaves nothing behind. */
class FrameBufferTest {

    private static final Codec CODEC = Codec.standard();

    @Test
    void shouldWriteBigEndianPrimitivesAndBytesInOrder() {
        final FrameBuffer out = new FrameBuffer(4);
        out.putByte(7).putInt(0x01020304).putLong(0x0A0B0C0D0E0F1011L).putBytes(new byte[] {9, 8});
        assertArrayEquals(new byte[] {7, 1, 2, 3, 4, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10, 0x11, 9, 8},
            out.toByteArray());
        assertEquals(15, out.payloadLength());
        assertEquals(15, out.contents().remaining());
    }

    @Test
    void shouldPatchWhatWasReservedOrWritten() {
        final FrameBuffer out = new FrameBuffer(16);
        out.putByte(1);
        final int at = out.payloadLength();
        out.putLong(0);
        out.patchLong(at, -2L);
        final int reserved = out.reserveInt();
        out.patchInt(reserved, 42);
        final ByteBuffer contents = out.contents();
        assertEquals(1, contents.get());
        assertEquals(-2L, contents.getLong());
        assertEquals(42, contents.getInt());
    }

    @Test
    void shouldPrefixAValueWithItsLengthAndDecodeBack() throws Exception {
        final FrameBuffer out = new FrameBuffer(16);
        out.putByte(3).putValue(CODEC, List.of("a", 1));
        final ByteBuffer contents = out.contents();
        assertEquals(3, contents.get());
        final int length = contents.getInt();
        assertEquals(contents.remaining(), length);
        assertEquals(List.of("a", 1), CODEC.decode(out.toByteArray(), 5, length));
    }

    @Test
    void shouldLeaveNothingOfAValueThatCannotBeEncoded() throws Exception {
        final FrameBuffer out = new FrameBuffer(16);
        out.putByte(5);
        final NotSerializableException refused = assertThrows(NotSerializableException.class,
            () -> out.putValue(CODEC, List.of(new Object())));
        assertEquals(1, out.payloadLength(), "the length prefix and the partial encoding are gone: " + refused);
        out.putInt(6);
        assertArrayEquals(new byte[] {5, 0, 0, 0, 6}, out.toByteArray());
    }

    @Test
    void shouldTruncateOnlyWithinWhatWasWritten() {
        final FrameBuffer out = new FrameBuffer(16);
        out.putInt(1).putInt(2);
        out.truncate(4);
        assertArrayEquals(new byte[] {0, 0, 0, 1}, out.toByteArray());
        assertThrows(IndexOutOfBoundsException.class, () -> out.truncate(5));
        assertThrows(IndexOutOfBoundsException.class, () -> out.truncate(-1));
    }

    @Test
    void shouldGiveBackStorageGrownPastTheKeptCapacityOnReset() {
        final FrameBuffer out = new FrameBuffer(16, 64);
        out.putBytes(new byte[1000]);
        final int grown = out.array().length;
        out.reset();
        assertEquals(0, out.payloadLength());
        assertTrue(out.array().length < grown, "storage past 64 bytes is given back");
    }
}
