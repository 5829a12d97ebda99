package dev.mproc.internal;

import java.io.IOException;
import java.io.NotSerializableException;
import java.io.OutputStream;

/**
 * Turns objects into the bytes of one message and back; every module that sends objects between processes goes
 * through a codec.
 *
 * <p>The {@linkplain #standard() standard codec} is Java serialization with fast paths for {@code null},
 * {@code byte[]}, {@link String}, the boxed primitives and {@link java.nio.ByteBuffer}, so that byte and text
 * payloads never pay for an object stream. It is the only one: no factory takes another, so this interface is
 * internal (the seam where one would go, not a promise to users that one plugs in).
 *
 * <p><b>Thread safety:</b> implementations must be safe for concurrent use. <b>Process safety:</b> both sides of a
 * connection must use the same codec; a codec is stateless across messages.
 */
public interface Codec {

    /**
     * Writes the encoding of one value.
     *
     * @param value the value, possibly {@code null}
     * @param out   where the bytes go; not closed
     * @throws NotSerializableException when the value, or something it reaches, cannot be encoded; the message names
     *                                  the class
     * @throws IOException              when writing fails
     */
    void encode(Object value, OutputStream out) throws IOException;

    /**
     * Reads one value from the bytes of one message.
     *
     * @param bytes  the message
     * @param offset where the encoding starts
     * @param length how many bytes it has
     * @return the value, possibly {@code null}
     * @throws IOException when the bytes are not a valid encoding, or name a class this process cannot load (the
     *                     message names it)
     */
    Object decode(byte[] bytes, int offset, int length) throws IOException;

    /**
     * The default codec: Java serialization with fast paths for null, byte arrays, strings, boxed primitives and
     * byte buffers.
     *
     * @return the shared standard codec
     */
    static Codec standard() {
        return StandardCodec.INSTANCE;
    }
}
