package dev.mproc.internal.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens the frames of one TCP connection after its handshake, as {@link FrameFormat} lays them out:
 * AES-256-GCM under one key per direction, derived with HKDF-SHA256 from the authkey (input keying material) and
 * both challenges of the handshake (salt: the server's challenge, then the client's), with the frame's number in its
 * direction as the nonce and its length header as associated data. The nonce is never sent: both ends count, so a
 * frame injected, altered, dropped, replayed or reordered fails to open.
 *
 * <p><b>Thread safety:</b> sealing and opening are independent; {@link #seal} must be serialized by the caller (the
 * channel's write lock), {@link #open} too (its read lock). <b>Process safety:</b> one instance per connection end.
 */
final class FrameProtection {

    private static final String CIPHER = "AES/GCM/NoPadding";
    private static final int KEY_LENGTH = 32;
    private static final int NONCE_LENGTH = 12;
    private static final byte[] CLIENT_TO_SERVER = ascii("mproc sealed frames v1: client to server");
    private static final byte[] SERVER_TO_CLIENT = ascii("mproc sealed frames v1: server to client");

    private final SecretKeySpec sendKey;
    private final SecretKeySpec receiveKey;
    private final Cipher sender;
    private final Cipher receiver;
    /** Frames sealed so far; the next frame's nonce. Guarded by the channel's write lock. */
    private long sent;
    /** Frames opened so far; the nonce the next frame must carry. Guarded by the channel's read lock. */
    private long received;

    private FrameProtection(final byte[] sendKey, final byte[] receiveKey) throws GeneralSecurityException {
        this.sendKey = new SecretKeySpec(sendKey, "AES");
        this.receiveKey = new SecretKeySpec(receiveKey, "AES");
        this.sender = Cipher.getInstance(CIPHER);
        this.receiver = Cipher.getInstance(CIPHER);
    }

    /**
     * Derives both directions' keys of one connection end.
     *
     * @param authkey         the shared key
     * @param serverChallenge the challenge the accepting end sent (after {@code #CHALLENGE#})
     * @param clientChallenge the challenge the connecting end sent
     * @param server          whether this is the accepting end
     * @return the protection of this end
     * @throws GeneralSecurityException when the JDK lacks HmacSHA256 or AES-GCM
     */
    static FrameProtection derive(final byte[] authkey, final byte[] serverChallenge, final byte[] clientChallenge,
                                  final boolean server) throws GeneralSecurityException {
        final byte[] salt = Arrays.copyOf(serverChallenge, serverChallenge.length + clientChallenge.length);
        System.arraycopy(clientChallenge, 0, salt, serverChallenge.length, clientChallenge.length);
        final byte[] prk = Hkdf.extract(salt, authkey);
        final byte[] toServer = Hkdf.expand(prk, CLIENT_TO_SERVER, KEY_LENGTH);
        final byte[] toClient = Hkdf.expand(prk, SERVER_TO_CLIENT, KEY_LENGTH);
        return server ? new FrameProtection(toClient, toServer) : new FrameProtection(toServer, toClient);
    }

    /**
     * Seals one payload into a whole frame: header, ciphertext, tag.
     *
     * @param payload the bytes to send; consumed
     * @return the frame, ready to write
     * @throws GeneralSecurityException when the cipher fails (it does not for a valid key)
     */
    ByteBuffer seal(final ByteBuffer payload) throws GeneralSecurityException {
        final int sealedLength = payload.remaining() + FrameFormat.TAG_LENGTH;
        final ByteBuffer frame = ByteBuffer.allocate(FrameFormat.HEADER_LENGTH + sealedLength);
        frame.putInt(sealedLength);
        sender.init(Cipher.ENCRYPT_MODE, sendKey, nonce(sent++));
        sender.updateAAD(frame.array(), 0, FrameFormat.HEADER_LENGTH);
        sender.doFinal(payload, frame);
        return frame.flip();
    }

    /**
     * Opens one sealed frame in place: afterwards its first {@code sealedLength - TAG_LENGTH} bytes are the payload.
     *
     * @param frame        the ciphertext and tag, as received after the header
     * @param sealedLength their length, as the header gave it
     * @throws javax.crypto.AEADBadTagException when the frame was not sealed by the peer as the next one
     * @throws GeneralSecurityException         when the cipher fails otherwise
     */
    void open(final byte[] frame, final int sealedLength) throws GeneralSecurityException {
        receiver.init(Cipher.DECRYPT_MODE, receiveKey, nonce(received));
        receiver.updateAAD(ByteBuffer.allocate(FrameFormat.HEADER_LENGTH).putInt(sealedLength).array());
        receiver.doFinal(frame, 0, sealedLength, frame, 0);
        received++;
    }

    private static GCMParameterSpec nonce(final long counter) {
        final byte[] nonce = new byte[NONCE_LENGTH];
        ByteBuffer.wrap(nonce).putLong(NONCE_LENGTH - Long.BYTES, counter);
        return new GCMParameterSpec(FrameFormat.TAG_LENGTH * 8, nonce);
    }

    private static byte[] ascii(final String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
