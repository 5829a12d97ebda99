package dev.mproc.pipe.internal;

import dev.mproc.MessageTooLongException;
import dev.mproc.internal.wire.Authenticator;
import dev.mproc.internal.wire.FrameChannel;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What two mproc pipe ends agree on, and its version: the claim files ({@link EndClaim}), the delivery records
 * ({@link DeliveryRecord}) and the stream of a session. Every claim states the version, and each end's first message
 * of a session, right after the authkey handshake, is its greeting; an end refuses a claim or a greeting of another
 * version, naming both, rather than misread what the other end wrote.
 *
 * <pre>
 *   greeting: one frame (FrameFormat), sent by each end before anything else in a session
 *   0                                       10        11
 *   +---------------------------------------+---------+
 *   |  magic: "mproc-pipe" (ASCII)          | version |
 *   +---------------------------------------+---------+
 *   then: the messages, framed as FrameFormat says; the receiving end counts them in its DeliveryRecord
 * </pre>
 *
 * <p>Version 1 had no greeting and claims without the {@code pipe-claim} tag: an end of version 1 sends a message, or
 * nothing, where the greeting should be, and is named as version 1. A later version keeps the magic and the version
 * byte first, and the tag and version first in its claims, so that any two versions can name each other.
 *
 * <p>Listeners and clients are not pipe ends and send no greeting: their frames stay Python's.
 *
 * <p><b>Thread safety:</b> stateless. <b>Process safety:</b> each end reads only what the other end wrote whole.
 */
final class PipeProtocol {

    /** The version of the pipe protocol this end speaks. */
    static final int VERSION = 2;

    /** The version before greetings and tagged claims. */
    static final int UNVERSIONED = 1;

    private static final byte[] MAGIC = "mproc-pipe".getBytes(StandardCharsets.US_ASCII);

    /** The longest greeting read: ours, with room for a later version's to grow. */
    private static final int MAX_GREETING_LENGTH = 256;

    private PipeProtocol() {
    }

    /**
     * @param version a version
     * @return the greeting of that version, to be sent as one frame
     */
    static ByteBuffer greeting(final int version) {
        final ByteBuffer greeting = ByteBuffer.allocate(MAGIC.length + 1);
        greeting.put(MAGIC).put((byte) version).flip();
        return greeting;
    }

    /**
     * Sends this end's greeting and reads the other end's, which it sends first too; what the other end sends after
     * its greeting stays in the channel.
     *
     * @param channel a channel through which the authkey handshake has just completed
     * @return the version the other end speaks ({@link #UNVERSIONED} when its first message is not a greeting)
     * @throws SocketTimeoutException when the other end sends nothing within the handshake timeout (the message says
     *                                that an end of version 1 sends no greeting)
     * @throws IOException            when the connection fails
     */
    static int exchangeGreetings(final FrameChannel channel) throws IOException {
        channel.send(greeting(VERSION));
        final byte[] theirs;
        try {
            theirs = channel.receive(MAX_GREETING_LENGTH, Authenticator.HANDSHAKE_TIMEOUT_MILLIS);
        } catch (final MessageTooLongException e) {
            return UNVERSIONED;
        } catch (final SocketTimeoutException e) {
            final SocketTimeoutException silent = new SocketTimeoutException(channel.peer() + " sent no greeting of"
                + " the pipe protocol within " + Authenticator.HANDSHAKE_TIMEOUT_MILLIS + " ms (an mproc of pipe"
                + " protocol version " + UNVERSIONED + " sends none; this end speaks version " + VERSION + ")");
            silent.initCause(e);
            throw silent;
        }
        return versionOf(theirs);
    }

    /**
     * @param message the first message of a session from the other end
     * @return the version its greeting states, or {@link #UNVERSIONED} when it is not a greeting
     */
    static int versionOf(final byte[] message) {
        if (message.length <= MAGIC.length || !Arrays.equals(message, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return UNVERSIONED;
        }
        return message[MAGIC.length] & 0xFF;
    }

    /**
     * @param theirs the version found
     * @param where  where it was found: {@code at the other end (...)}, {@code in <claim file>}
     * @return e.g. {@code pipe protocol version 2 here, 1 at the other end (...); run one version of mproc in every
     *         process}
     */
    static String mismatch(final int theirs, final String where) {
        return "pipe protocol version " + VERSION + " here, " + theirs + " " + where
            + "; run one version of mproc in every process";
    }
}
