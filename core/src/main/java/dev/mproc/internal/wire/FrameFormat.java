package dev.mproc.internal.wire;

/**
 * The frame layout, the same as Python's {@code multiprocessing.connection}, so that byte messages cross between
 * Python and Java processes.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            length: signed 32-bit big-endian, 0..2^31-1         |
 *  +----------------------------------------------------------------+
 *  |            payload: length bytes ...                           |
 *  +----------------------------------------------------------------+
 *
 *  or, for payloads of 2^31 bytes and more (accepted on receive, never needed by Java's arrays):
 *  +----------------------------------------------------------------+
 *  |            -1: signed 32-bit big-endian                        |
 *  |            length: unsigned 64-bit big-endian                  |
 *  |            payload ...                                         |
 *  +----------------------------------------------------------------+
 * </pre>
 *
 * <p><b>Sealed frames</b> (version {@value #PROTECTION_VERSION}): over TCP in
 * {@link dev.mproc.WireMode#PROTECTED}, every frame after the handshake is sealed by {@link FrameProtection}. The
 * header keeps the layout above and counts the sealed bytes; the frame's number in its direction is the nonce and is
 * not sent:
 * <pre>
 *  +----------------------------------------------------------------+
 *  |  length: signed 32-bit big-endian = payload length + 16        |  associated data
 *  +----------------------------------------------------------------+
 *  |  ciphertext: AES-256-GCM of the payload, length - 16 bytes ... |
 *  +----------------------------------------------------------------+
 *  |  tag: 16 bytes                                                 |
 *  +----------------------------------------------------------------+
 *  nonce = 0:u32 . frameNumber:u64 (0, 1, 2... per direction)
 *  keys  = HKDF-SHA256(ikm = authkey, salt = serverChallenge . clientChallenge,
 *                      info = "mproc sealed frames v1: client to server" | "... server to client", 32 bytes)
 * </pre>
 *
 * <p>Each end states its mode in the challenge it sends in the handshake ({@code #CHALLENGE#} then the message): a
 * sealing end's message is {@code {sha256}}, the {@linkplain #SEALED_MARKER marker} {@code #mproc#}, the
 * {@value #PROTECTION_VERSION} version byte, then 40 random bytes; a plain end's is Python's, {@code {sha256}} and
 * 40 random bytes. The challenge is covered by the peer's HMAC, so a relay cannot rewrite the mode.
 */
public final class FrameFormat {

    /** Bytes of the short header. */
    public static final int HEADER_LENGTH = 4;

    /** Bytes of the longest header (the -1 marker and a 64-bit length). */
    public static final int MAX_HEADER_LENGTH = 12;

    /** The marker in the 32-bit field that a 64-bit length follows. */
    public static final int LONG_LENGTH_MARKER = -1;

    /** Bytes of the authentication tag that ends a sealed frame. */
    public static final int TAG_LENGTH = 16;

    /** The version of sealed frames that a sealing end states in its challenge. */
    public static final int PROTECTION_VERSION = 1;

    /** What a sealing end's challenge message carries after its digest prefix, then the version byte. */
    public static final String SEALED_MARKER = "#mproc#";

    /** System property that sets the largest frame a connection accepts, in bytes. */
    public static final String MAX_FRAME_PROPERTY = "mproc.maxFrameLength";

    /**
     * The largest frame accepted by default: 1 GiB. A longer length read from the stream is taken as garbage and
     * closes the connection rather than allocating.
     */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 1 << 30;

    private FrameFormat() {
    }

    /** @return the largest frame this process accepts, from {@value #MAX_FRAME_PROPERTY} or the default */
    public static int maxFrameLength() {
        return Integer.getInteger(MAX_FRAME_PROPERTY, DEFAULT_MAX_FRAME_LENGTH);
    }
}
