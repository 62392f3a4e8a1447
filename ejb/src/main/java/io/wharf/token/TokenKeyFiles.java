package io.wharf.token;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Reads the PEM files bin/wharf (openssl) writes: a PKCS#8 RSA key, a certificate, a bundle of certificates. */
final class TokenKeyFiles {
    private TokenKeyFiles() {}

    static PrivateKey readPrivateKey(Path path) throws IOException, GeneralSecurityException {
        String pem = Files.readString(path, StandardCharsets.US_ASCII);
        if (!pem.contains("-----BEGIN PRIVATE KEY-----") || !pem.contains("-----END PRIVATE KEY-----")) {
            throw new GeneralSecurityException(path + " is not a PKCS#8 PEM private key");
        }
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pemBody(pem)));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException(path + " is not a PKCS#8 PEM private key", e);
        }
    }

    static X509Certificate readCertificate(Path path) throws IOException, GeneralSecurityException {
        byte[] bytes = Files.readAllBytes(path);
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(bytes));
    }

    /** Every certificate of a PEM bundle, as Distribution reads its rootcertbundle. */
    static List<X509Certificate> readCertificates(Path path) throws IOException, GeneralSecurityException {
        byte[] bytes = Files.readAllBytes(path);
        List<X509Certificate> certificates = new ArrayList<>();
        for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))) {
            certificates.add((X509Certificate) c);
        }
        if (certificates.isEmpty()) throw new GeneralSecurityException(path + " holds no certificate");
        return certificates;
    }

    private static byte[] pemBody(String pem) {
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}
