package io.wharf.token;

import io.wharf.config.WharfConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The token signing key and its certificate. The registry trusts the certificate (its
 * {@code rootcertbundle}); both are generated once per installation by bin/wharf up.
 */
@ApplicationScoped
public class TokenKeys {
    @Inject WharfConfig config;

    private PrivateKey privateKey;
    private X509Certificate certificate;
    private String keyId;

    @PostConstruct
    void load() {
        try {
            privateKey = readPrivateKey(Path.of(config.tokenKeyPath()));
            certificate = readCertificate(Path.of(config.tokenCertPath()));
            keyId = LibtrustKeyId.of(certificate.getPublicKey());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the token signing key or certificate ("
                    + config.tokenKeyPath() + ", " + config.tokenCertPath() + "): " + e.getMessage(), e);
        }
    }

    public PrivateKey privateKey() { return privateKey; }
    public PublicKey publicKey() { return certificate.getPublicKey(); }
    public X509Certificate certificate() { return certificate; }
    public String keyId() { return keyId; }

    static PrivateKey readPrivateKey(Path path) throws IOException, GeneralSecurityException {
        String pem = Files.readString(path, StandardCharsets.US_ASCII);
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new GeneralSecurityException(path + " is not a PKCS#8 PEM private key");
        }
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pemBody(pem)));
    }

    static X509Certificate readCertificate(Path path) throws IOException, GeneralSecurityException {
        byte[] bytes = Files.readAllBytes(path);
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(bytes));
    }

    private static byte[] pemBody(String pem) {
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}
