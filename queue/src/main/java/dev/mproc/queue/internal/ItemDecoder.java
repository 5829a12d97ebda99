package dev.mproc.queue.internal;

import static dev.mproc.queue.internal.QueueProtocol.HEADER_LENGTH;

import dev.mproc.internal.Codec;
import dev.mproc.queue.UndecodableItemException;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.ObjectStreamConstants;
import java.util.Arrays;

/**
 * Decodes the item of a message, turning any failure that is the item's own into an
 * {@link UndecodableItemException} that names the item's class and carries its bytes.
 *
 * <p>A failure of the decoding process rather than of the item ({@link VirtualMachineError} other than a stack
 * overflow, e.g. out of memory) is thrown as it is: the caller puts the item back, as for a consumer that died.
 *
 * <p><b>Thread safety:</b> stateless.
 */
final class ItemDecoder {

    /** The standard codec's tag of a Java object stream (its first byte). */
    private static final byte OBJECT_STREAM = 'J';

    private ItemDecoder() {
    }

    /**
     * @param codec     the codec
     * @param message   a message holding an item after its header
     * @param queueName the queue, for messages
     * @return the item
     * @throws UndecodableItemException when the item cannot be decoded in this process
     */
    static Object decode(final Codec codec, final byte[] message, final String queueName) {
        return decode(codec, message, HEADER_LENGTH, message.length, queueName);
    }

    /**
     * @param codec     the codec
     * @param bytes     bytes holding an encoded item
     * @param from      where it starts
     * @param to        where it ends (exclusive)
     * @param queueName the queue, for messages
     * @return the item
     * @throws UndecodableItemException when the item cannot be decoded in this process
     */
    static Object decode(final Codec codec, final byte[] bytes, final int from, final int to,
                         final String queueName) {
        try {
            return codec.decode(bytes, from, to - from);
        } catch (final IOException | RuntimeException | LinkageError | StackOverflowError e) {
            final byte[] encoded = Arrays.copyOfRange(bytes, from, to);
            throw new UndecodableItemException(queueName, className(encoded), encoded, e);
        }
    }

    /**
     * The class named by the first class descriptor of an object stream, read without loading anything.
     *
     * @return the name, or null when the encoding is not an object stream or does not start with an object, enum
     *         or array
     */
    static String className(final byte[] encoded) {
        if (encoded.length < 1 || encoded[0] != OBJECT_STREAM) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(
            new java.io.ByteArrayInputStream(encoded, 1, encoded.length - 1))) {
            if (in.readShort() != ObjectStreamConstants.STREAM_MAGIC
                || in.readShort() != ObjectStreamConstants.STREAM_VERSION) {
                return null;
            }
            final byte kind = in.readByte();
            if (kind != ObjectStreamConstants.TC_OBJECT && kind != ObjectStreamConstants.TC_ENUM
                && kind != ObjectStreamConstants.TC_ARRAY) {
                return null;
            }
            return in.readByte() == ObjectStreamConstants.TC_CLASSDESC ? in.readUTF() : null;
        } catch (final IOException e) {
            return null;
        }
    }
}
