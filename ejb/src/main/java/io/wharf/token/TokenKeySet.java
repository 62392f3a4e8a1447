package io.wharf.token;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The key Wharf signs with, its certificate, and every public key it accepts signatures of (the
 * certificates the registry trusts too), by libtrust key id. Never changed: a rotation makes a new set,
 * so a token is signed with a key and the id of that same key.
 */
public record TokenKeySet(PrivateKey privateKey, X509Certificate certificate, String keyId, Map<String, PublicKey> trusted) {

    /**
     * @param bundle the certificates trusted beside the signing one (an earlier key's, while its tokens live)
     * @throws GeneralSecurityException when the key is not the certificate's (files replaced one after the other)
     */
    static TokenKeySet of(PrivateKey key, X509Certificate certificate, List<X509Certificate> bundle) throws GeneralSecurityException {
        if (!matches(key, certificate.getPublicKey())) {
            throw new GeneralSecurityException("the private key is not the key of the certificate");
        }
        String keyId = LibtrustKeyId.of(certificate.getPublicKey());
        Map<String, PublicKey> trusted = new LinkedHashMap<>();
        trusted.put(keyId, certificate.getPublicKey());
        for (X509Certificate c : bundle) trusted.putIfAbsent(LibtrustKeyId.of(c.getPublicKey()), c.getPublicKey());
        return new TokenKeySet(key, certificate, keyId, Map.copyOf(trusted));
    }

    public Optional<PublicKey> trustedKey(String keyId) {
        return keyId == null ? Optional.empty() : Optional.ofNullable(trusted.get(keyId));
    }

    private static boolean matches(PrivateKey key, PublicKey publicKey) {
        if (key instanceof RSAPrivateCrtKey crt && publicKey instanceof RSAPublicKey pub) {
            return crt.getModulus().equals(pub.getModulus()) && crt.getPublicExponent().equals(pub.getPublicExponent());
        }
        if (key instanceof java.security.interfaces.RSAPrivateKey rsa && publicKey instanceof RSAPublicKey pub) {
            return rsa.getModulus().equals(pub.getModulus());
        }
        return false;
    }
}
