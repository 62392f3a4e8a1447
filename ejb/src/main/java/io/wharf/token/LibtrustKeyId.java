package io.wharf.token;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import org.apache.commons.codec.binary.Base32;

/**
 * The key id Distribution's token authenticator looks up a signing key by (the libtrust format):
 * SHA-256 of the DER SubjectPublicKeyInfo, first 240 bits, base32 without padding, in groups of
 * four joined by ':'.
 */
public final class LibtrustKeyId {
    private LibtrustKeyId() {}

    public static String of(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            byte[] truncated = new byte[30];
            System.arraycopy(digest, 0, truncated, 0, 30);
            // 30 bytes encode to exactly 48 base32 characters: no padding arises.
            String b32 = new Base32().encodeAsString(truncated);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < b32.length(); i += 4) {
                if (i > 0) out.append(':');
                out.append(b32, i, Math.min(i + 4, b32.length()));
            }
            return out.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
