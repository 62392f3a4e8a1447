package io.wharf.upstream;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.client5.http.ssl.SSLConnectionSocketFactoryBuilder;
import org.apache.hc.client5.http.ssl.TrustAllStrategy;
import org.apache.hc.core5.ssl.SSLContexts;
import org.apache.hc.core5.util.Timeout;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Pooled HTTP clients for registries outside Wharf (the same Apache HttpClient 5 as the gateway's),
 * one per way of trusting a certificate: the system's CAs, an endpoint's own CA, or none at all
 * for an endpoint marked {@code insecure}. Redirects are not followed: a registry's answers are
 * read as they come.
 */
@ApplicationScoped
public class RemoteRegistryClients {
    @Inject @ConfigProperty(name = "wharf.upstream.connect.timeout.ms", defaultValue = "5000")
    long connectTimeoutMs;

    @Inject @ConfigProperty(name = "wharf.upstream.read.timeout.ms", defaultValue = "60000")
    long readTimeoutMs;

    @Inject @ConfigProperty(name = "wharf.upstream.max.connections", defaultValue = "64")
    int maxConnections;

    private record Trust(boolean insecure, String caPem) {}

    private final Map<Trust, CloseableHttpClient> clients = new ConcurrentHashMap<>();

    public CloseableHttpClient clientFor(boolean insecure, String caPem) {
        Trust trust = new Trust(insecure, insecure || caPem == null || caPem.isBlank() ? null : caPem.strip());
        return clients.computeIfAbsent(trust, this::build);
    }

    private CloseableHttpClient build(Trust trust) {
        Timeout connect = Timeout.of(connectTimeoutMs, TimeUnit.MILLISECONDS);
        Timeout read = Timeout.of(readTimeoutMs, TimeUnit.MILLISECONDS);
        var pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(maxConnections).setMaxConnPerRoute(maxConnections)
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(connect).setSocketTimeout(read).build());
        try {
            if (trust.insecure()) {
                pool.setSSLSocketFactory(SSLConnectionSocketFactoryBuilder.create()
                        .setSslContext(SSLContexts.custom().loadTrustMaterial(TrustAllStrategy.INSTANCE).build())
                        .setHostnameVerifier(NoopHostnameVerifier.INSTANCE).build());
            } else if (trust.caPem() != null) {
                pool.setSSLSocketFactory(SSLConnectionSocketFactoryBuilder.create().setSslContext(contextTrusting(trust.caPem())).build());
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("ca_certificate is not a PEM certificate");
        }
        return HttpClients.custom().setConnectionManager(pool.build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(read).setRedirectsEnabled(false).build())
                .disableRedirectHandling().disableCookieManagement().disableAutomaticRetries()
                .setUserAgent("wharf").build();
    }

    /** Checks that a CA certificate parses, so a bad one is refused when it is given. */
    public static void checkCertificate(String pem) {
        try {
            contextTrusting(pem);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("ca_certificate is not a PEM certificate");
        }
    }

    private static SSLContext contextTrusting(String pem) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (var cert : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            store.setCertificateEntry("ca" + i++, (X509Certificate) cert);
        }
        if (i == 0) throw new GeneralSecurityException("no certificate");
        return SSLContexts.custom().loadTrustMaterial(store, null).build();
    }

    @PreDestroy
    void close() {
        clients.values().forEach(c -> {
            try {
                c.close();
            } catch (IOException ignored) {
                // the server is stopping
            }
        });
    }

}
