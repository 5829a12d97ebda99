package dev.mproc.internal.wire;

import dev.mproc.AuthenticationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The authkey challenge of Python's {@code multiprocessing.connection}, in both directions, before any payload.
 *
 * <p>The challenger sends {@code #CHALLENGE#} and a random message, prefixed with {@code {sha256}}; the answerer
 * replies with the HMAC of the whole message under the shared key, prefixed with the digest name, or a raw HMAC-MD5
 * for a legacy (Python 3.11 and older) peer; the challenger replies {@code #WELCOME#} or {@code #FAILURE#}. A server
 * challenges then answers; a client answers then challenges. Every message of the exchange is at most 256 bytes and
 * must arrive within the handshake timeout, so garbage or a silent peer costs nothing but the connection.
 *
 * <p>A sealing end (TCP in {@link dev.mproc.WireMode#PROTECTED}) puts {@link FrameFormat#SEALED_MARKER} and the
 * protection version into its challenge, and a plain end sends Python's challenge; each end checks the other's
 * before it goes on, and the two challenges, covered by the HMACs, are the salt of the connection's keys.
 */
public final class Authenticator {

    /** How long each side of the handshake waits for the other, in milliseconds. */
    public static final long HANDSHAKE_TIMEOUT_MILLIS = Long.getLong("mproc.handshakeTimeoutMillis", 20_000);

    private static final byte[] CHALLENGE = ascii("#CHALLENGE#");
    private static final byte[] WELCOME = ascii("#WELCOME#");
    private static final byte[] FAILURE = ascii("#FAILURE#");
    private static final byte[] SEALED_MARKER = ascii(FrameFormat.SEALED_MARKER);
    private static final int MESSAGE_LENGTH = 40;
    private static final int LEGACY_MIN_MESSAGE_LENGTH = 20;
    private static final int MAX_HANDSHAKE_MESSAGE = 256;
    private static final int MAX_DIGEST_NAME = 8;
    private static final String DEFAULT_DIGEST = "sha256";
    private static final Map<String, String> DIGESTS = Map.of(
        "md5", "HmacMD5",
        "sha256", "HmacSHA256",
        "sha384", "HmacSHA384",
        "sha3_256", "HmacSHA3-256",
        "sha3_384", "HmacSHA3-384");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Authenticator() {
    }

    /**
     * The accepting side with plain frames afterwards (Unix sockets, Python peers): challenge the peer, then answer
     * its challenge.
     *
     * @param channel a freshly accepted connection
     * @param authkey the shared key
     * @throws AuthenticationException when the peer fails either direction
     * @throws IOException             when the connection fails or the peer is silent past the timeout
     */
    public static void serverHandshake(final FrameChannel channel, final byte[] authkey) throws IOException {
        serverHandshake(channel, authkey, false);
    }

    /**
     * The accepting side: challenge the peer, then answer its challenge; with {@code sealed}, the channel's frames
     * are sealed from then on ({@link FrameProtection}).
     *
     * @param channel a freshly accepted connection
     * @param authkey the shared key
     * @param sealed  whether this end seals its frames; the peer must agree
     * @throws AuthenticationException when the peer fails either direction, or uses the other mode (the message
     *                                 says which)
     * @throws IOException             when the connection fails or the peer is silent past the timeout
     */
    public static void serverHandshake(final FrameChannel channel, final byte[] authkey, final boolean sealed)
        throws IOException {
        final byte[] ours = challenge(sealed);
        sendRaw(channel, concat(CHALLENGE, ours));
        verifyResponse(channel, authkey, ours);
        final byte[] theirs = receiveChallenge(channel);
        // Refuse before answering: the client has stated its mode and reports the mismatch from its side.
        requireSameMode(channel, theirs, sealed);
        answer(channel, authkey, theirs);
        if (sealed) {
            channel.protect(protection(authkey, ours, theirs, true));
        }
    }

    /**
     * The connecting side with plain frames afterwards: answer the server's challenge, then challenge it.
     *
     * @param channel a freshly connected connection
     * @param authkey the shared key
     * @throws AuthenticationException when either direction fails
     * @throws IOException             when the connection fails
     */
    public static void clientHandshake(final FrameChannel channel, final byte[] authkey) throws IOException {
        clientHandshake(channel, authkey, false);
    }

    /**
     * The connecting side: answer the server's challenge, then challenge it; with {@code sealed}, the channel's
     * frames are sealed from then on.
     *
     * @param channel a freshly connected connection
     * @param authkey the shared key
     * @param sealed  whether this end seals its frames; the peer must agree
     * @throws AuthenticationException when either direction fails, or the server uses the other mode
     * @throws IOException             when the connection fails
     */
    public static void clientHandshake(final FrameChannel channel, final byte[] authkey, final boolean sealed)
        throws IOException {
        final byte[] theirs = receiveChallenge(channel);
        answer(channel, authkey, theirs);
        final byte[] ours = challenge(sealed);
        sendRaw(channel, concat(CHALLENGE, ours));
        // Checked only now, so that the server reads our mode too and reports the mismatch on its side.
        requireSameMode(channel, theirs, sealed);
        verifyResponse(channel, authkey, ours);
        if (sealed) {
            channel.protect(protection(authkey, theirs, ours, false));
        }
    }

    static void deliverChallenge(final FrameChannel channel, final byte[] authkey) throws IOException {
        final byte[] message = challenge(false);
        sendRaw(channel, concat(CHALLENGE, message));
        verifyResponse(channel, authkey, message);
    }

    static void answerChallenge(final FrameChannel channel, final byte[] authkey) throws IOException {
        answer(channel, authkey, receiveChallenge(channel));
    }

    /** A fresh challenge message: Python's for a plain end; with the marker and version for a sealing end. */
    private static byte[] challenge(final boolean sealed) {
        final byte[] random = new byte[MESSAGE_LENGTH];
        RANDOM.nextBytes(random);
        final byte[] prefix = ascii("{" + DEFAULT_DIGEST + "}");
        if (!sealed) {
            return concat(prefix, random);
        }
        final byte[] marker = concat(SEALED_MARKER, new byte[] {FrameFormat.PROTECTION_VERSION});
        return concat(concat(prefix, marker), random);
    }

    private static void verifyResponse(final FrameChannel channel, final byte[] authkey, final byte[] message)
        throws IOException {
        final byte[] response = receiveHandshake(channel);
        if (!verify(authkey, message, response)) {
            sendRaw(channel, FAILURE);
            throw new AuthenticationException(channel.peer() + " failed the authkey challenge (wrong authkey?)");
        }
        sendRaw(channel, WELCOME);
    }

    private static byte[] receiveChallenge(final FrameChannel channel) throws IOException {
        final byte[] challenge = receiveHandshake(channel);
        if (!startsWith(challenge, CHALLENGE)) {
            throw new AuthenticationException(channel.peer() + " did not start the authkey challenge (not an mproc"
                + " or multiprocessing peer?)");
        }
        final byte[] message = Arrays.copyOfRange(challenge, CHALLENGE.length, challenge.length);
        if (message.length < LEGACY_MIN_MESSAGE_LENGTH) {
            throw new AuthenticationException(channel.peer() + " sent a challenge of only " + message.length
                + " bytes");
        }
        return message;
    }

    private static void answer(final FrameChannel channel, final byte[] authkey, final byte[] message)
        throws IOException {
        sendRaw(channel, response(authkey, message));
        final byte[] verdict = receiveHandshake(channel);
        if (!Arrays.equals(verdict, WELCOME)) {
            throw new AuthenticationException(channel.peer() + " rejected our authkey (the keys differ)");
        }
    }

    /**
     * Reads the mode a peer's challenge states.
     *
     * @param message the challenge message, after {@code #CHALLENGE#}
     * @return 0 for plain frames, else the version of sealed frames it asks for
     */
    static int statedProtection(final byte[] message) {
        final String digest = digestName(message);
        final int at = digest.isEmpty() ? 0 : digest.length() + 2;
        if (message.length > at + SEALED_MARKER.length
            && Arrays.equals(message, at, at + SEALED_MARKER.length, SEALED_MARKER, 0, SEALED_MARKER.length)) {
            return message[at + SEALED_MARKER.length] & 0xFF;
        }
        return 0;
    }

    private static void requireSameMode(final FrameChannel channel, final byte[] theirs, final boolean sealed)
        throws AuthenticationException {
        final int stated = statedProtection(theirs);
        if (stated != 0 && stated != FrameFormat.PROTECTION_VERSION) {
            throw new AuthenticationException(channel.peer() + " seals its frames with version " + stated
                + " of mproc's frame protection; this end knows version " + FrameFormat.PROTECTION_VERSION);
        }
        if (sealed && stated == 0) {
            throw new AuthenticationException(channel.peer() + " sends plain frames (a Python multiprocessing peer,"
                + " or an mproc end in WireMode.PYTHON_COMPATIBLE) but this end protects its frames over TCP"
                + " (WireMode.PROTECTED); choose the same WireMode on both ends");
        }
        if (!sealed && stated != 0) {
            throw new AuthenticationException(channel.peer() + " protects its frames (WireMode.PROTECTED, mproc's"
                + " default over TCP) but this end sends plain frames (WireMode.PYTHON_COMPATIBLE); choose the same"
                + " WireMode on both ends");
        }
    }

    private static FrameProtection protection(final byte[] authkey, final byte[] serverChallenge,
                                              final byte[] clientChallenge, final boolean server)
        throws AuthenticationException {
        try {
            return FrameProtection.derive(authkey, serverChallenge, clientChallenge, server);
        } catch (final java.security.GeneralSecurityException e) {
            throw new AuthenticationException("this JDK cannot protect frames (HmacSHA256, AES/GCM): "
                + e.getMessage());
        }
    }

    private static byte[] receiveHandshake(final FrameChannel channel) throws IOException {
        try {
            return channel.receive(MAX_HANDSHAKE_MESSAGE, HANDSHAKE_TIMEOUT_MILLIS);
        } catch (final dev.mproc.MessageTooLongException e) {
            throw new AuthenticationException(channel.peer() + " sent a handshake message of " + e.length()
                + " bytes; not an mproc or multiprocessing peer");
        }
    }

    /** The reply to a challenge: {@code {digest}mac}, or the raw HMAC-MD5 when the challenge names no digest. */
    static byte[] response(final byte[] authkey, final byte[] message) throws AuthenticationException {
        final String digest = digestName(message);
        if (digest.isEmpty()) {
            return hmac("md5", authkey, message);
        }
        return concat(ascii("{" + digest + "}"), hmac(digest, authkey, message));
    }

    static boolean verify(final byte[] authkey, final byte[] message, final byte[] response)
        throws AuthenticationException {
        final String digest = digestName(response);
        final byte[] mac = digest.isEmpty()
            ? response
            : Arrays.copyOfRange(response, digest.length() + 2, response.length);
        final byte[] expected = hmac(digest.isEmpty() ? "md5" : digest, authkey, message);
        return MessageDigest.isEqual(expected, mac);
    }

    /** The digest named by a {@code {name}} prefix, or "" when there is none (as Python parses it). */
    static String digestName(final byte[] message) {
        if (message.length == 0 || message[0] != '{') {
            return "";
        }
        for (int i = 1; i < message.length && i <= MAX_DIGEST_NAME + 1; i++) {
            if (message[i] == '}') {
                final String name = new String(message, 1, i - 1, StandardCharsets.US_ASCII);
                return DIGESTS.containsKey(name) ? name : "";
            }
        }
        return "";
    }

    /**
     * Computes a challenge and its digest without a peer: a spare JVM does this while it waits, so that the JDK's
     * security providers, the random source and the MAC are loaded before its task first connects to anything.
     */
    public static void prepare() {
        final byte[] challenge = new byte[MESSAGE_LENGTH];
        RANDOM.nextBytes(challenge);
        try {
            hmac(DEFAULT_DIGEST, challenge, challenge);
        } catch (final AuthenticationException e) {
            // The same failure, if it is one, comes with the first real handshake and says what is missing.
        }
    }

    private static byte[] hmac(final String digest, final byte[] authkey, final byte[] message)
        throws AuthenticationException {
        try {
            final String algorithm = DIGESTS.get(digest);
            final Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(authkey.length == 0 ? new byte[1] : authkey, algorithm));
            return mac.doFinal(message);
        } catch (final GeneralSecurityException e) {
            throw new AuthenticationException("digest " + digest + " is not available: " + e.getMessage());
        }
    }

    private static void sendRaw(final FrameChannel channel, final byte[] bytes) throws IOException {
        channel.send(bytes, 0, bytes.length);
    }

    private static boolean startsWith(final byte[] bytes, final byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] concat(final byte[] a, final byte[] b) {
        final byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static byte[] ascii(final String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
