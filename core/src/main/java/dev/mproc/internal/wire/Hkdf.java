package dev.mproc.internal.wire;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (RFC 5869), on the JDK's {@code HmacSHA256}: turns the authkey and the handshake's random
 * challenges into the keys of one connection.
 *
 * <p><b>Thread safety:</b> stateless. <b>Process safety:</b> pure computation.
 */
final class Hkdf {

    private static final String HMAC = "HmacSHA256";
    private static final int HASH_LENGTH = 32;

    private Hkdf() {
    }

    /**
     * HKDF-Extract.
     *
     * @param salt a non-secret random value (here, both challenges)
     * @param ikm  the input keying material (here, the authkey)
     * @return the pseudorandom key, 32 bytes
     */
    static byte[] extract(final byte[] salt, final byte[] ikm) throws GeneralSecurityException {
        final Mac mac = Mac.getInstance(HMAC);
        mac.init(new SecretKeySpec(salt.length == 0 ? new byte[HASH_LENGTH] : salt, HMAC));
        return mac.doFinal(ikm);
    }

    /**
     * HKDF-Expand.
     *
     * @param prk    the pseudorandom key from {@link #extract}
     * @param info   what the key is for, so that keys for different purposes differ
     * @param length the key length, at most 255 * 32 bytes
     * @return the output keying material
     */
    static byte[] expand(final byte[] prk, final byte[] info, final int length) throws GeneralSecurityException {
        if (length > 255 * HASH_LENGTH) {
            throw new IllegalArgumentException("HKDF-SHA256 yields at most " + 255 * HASH_LENGTH + " bytes");
        }
        final Mac mac = Mac.getInstance(HMAC);
        mac.init(new SecretKeySpec(prk, HMAC));
        final byte[] out = new byte[length];
        byte[] block = new byte[0];
        int filled = 0;
        for (int counter = 1; filled < length; counter++) {
            mac.update(block);
            mac.update(info);
            mac.update((byte) counter);
            block = mac.doFinal();
            final int n = Math.min(block.length, length - filled);
            System.arraycopy(block, 0, out, filled, n);
            filled += n;
        }
        return out;
    }
}
