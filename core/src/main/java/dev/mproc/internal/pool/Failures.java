package dev.mproc.internal.pool;

import dev.mproc.RemoteTaskException;
import dev.mproc.internal.Codec;
import dev.mproc.internal.wire.FrameBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Writes and reads the {@code failure} of {@link PoolProtocol}: an exception crosses as itself when it can, and always
 * with a {@link RemoteTaskException} standing for it, used when the original cannot be decoded.
 */
final class Failures {

    private Failures() {
    }

    /**
     * Appends the failure of a throwable.
     *
     * @throws IOException when even the stand-in cannot be encoded (only when writing to memory fails)
     */
    static void write(final FrameBuffer out, final Codec codec, final Throwable failure) throws IOException {
        out.putValue(codec, RemoteTaskException.of(failure));
        final int mark = out.payloadLength();
        try {
            codec.encode(failure, out);
        } catch (final IOException | RuntimeException notSerializable) {
            // The stand-in, already written, carries the class, message and stack trace instead.
            out.truncate(mark);
        }
    }

    /**
     * Reads a failure that runs from the buffer's position to the end of the message.
     *
     * @return the original exception when it decodes, else its stand-in
     * @throws IOException when the message is garbled
     */
    static Throwable read(final byte[] message, final ByteBuffer at, final Codec codec) throws IOException {
        final int standInLength = at.getInt();
        final Object standIn = codec.decode(message, at.position(), standInLength);
        at.position(at.position() + standInLength);
        if (at.hasRemaining()) {
            try {
                final Object original = codec.decode(message, at.position(), at.remaining());
                if (original instanceof Throwable) {
                    return (Throwable) original;
                }
            } catch (final IOException | RuntimeException cannotLoad) {
                // The original's class is not loadable here, or its readObject failed: fall back to the stand-in.
            }
        }
        if (standIn instanceof Throwable) {
            return (Throwable) standIn;
        }
        throw new java.io.StreamCorruptedException("a failure message carries no exception");
    }
}
