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
 */
public final class Authenticator {

    /** How long each side of the handshake waits for the other, in milliseconds. */
    public static final long HANDSHAKE_TIMEOUT_MILLIS = Long.getLong("mproc.handshakeTimeoutMillis", 20_000);

    private static final byte[] CHALLENGE = ascii("#CHALLENGE#");
    private static final byte[] WELCOME = ascii("#WELCOME#");
    private static final byte[] FAILURE = ascii("#FAILURE#");
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
     * The accepting side: challenge the peer, then answer its challenge.
     *
     * @param channel a freshly accepted connection
     * @param authkey the shared key
     * @throws AuthenticationException when the peer fails either direction
     * @throws IOException             when the connection fails or the peer is silent past the timeout
     */
    public static void serverHandshake(final FrameChannel channel, final byte[] authkey) throws IOException {
        deliverChallenge(channel, authkey);
        answerChallenge(channel, authkey);
    }

    /**
     * The connecting side: answer the server's challenge, then challenge it.
     *
     * @param channel a freshly connected connection
     * @param authkey the shared key
     * @throws AuthenticationException when either direction fails
     * @throws IOException             when the connection fails
     */
    public static void clientHandshake(final FrameChannel channel, final byte[] authkey) throws IOException {
        answerChallenge(channel, authkey);
        deliverChallenge(channel, authkey);
    }

    static void deliverChallenge(final FrameChannel channel, final byte[] authkey) throws IOException {
        final byte[] random = new byte[MESSAGE_LENGTH];
        RANDOM.nextBytes(random);
        final byte[] message = concat(ascii("{" + DEFAULT_DIGEST + "}"), random);
        sendRaw(channel, concat(CHALLENGE, message));
        final byte[] response = receiveHandshake(channel);
        if (!verify(authkey, message, response)) {
            sendRaw(channel, FAILURE);
            throw new AuthenticationException(channel.peer() + " failed the authkey challenge (wrong authkey?)");
        }
        sendRaw(channel, WELCOME);
    }

    static void answerChallenge(final FrameChannel channel, final byte[] authkey) throws IOException {
        final byte[] challenge = receiveHandshake(channel);
        if (!startsWith(challenge, CHALLENGE)) {
            throw new AuthenticationException(channel.peer() + " did not start the authkey challenge (not an mproc"
                + " or multiprocessing peer?)");
        }
        final byte[] message = Arrays.copyOfRange(challenge, CHALLENGE.length, challenge.length);
        if (message.length < LEGACY_MIN_MESSAGE_LENGTH) {
            throw new AuthenticationException(channel.peer() + " sent a challenge of only " + message.length + " bytes");
        }
        sendRaw(channel, response(authkey, message));
        final byte[] verdict = receiveHandshake(channel);
        if (!Arrays.equals(verdict, WELCOME)) {
            throw new AuthenticationException(channel.peer() + " rejected our authkey (the keys differ)");
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
