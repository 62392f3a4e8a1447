package io.wharf.webhook;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.client5.http.ssl.TrustAllStrategy;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.ssl.SSLContexts;
import org.apache.hc.core5.util.Timeout;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Posts one body to one target with Wharf's client stack (Apache HttpClient 5, pooled): a pool
 * that verifies certificates and one, for targets that ask for it, that does not. Each request is
 * bounded by {@code webhook.timeout.ms} (10000): a receiver that hangs costs one worker that long.
 */
@ApplicationScoped
public class WebhookSender {
    /** What a receiver answered: its status code and the start of its body, for the task's log. */
    public record Answer(int status, String body) {
        public boolean delivered() { return status >= 200 && status < 300; }
    }

    @Inject @ConfigProperty(name = "webhook.timeout.ms", defaultValue = "10000")
    long timeoutMs;

    private CloseableHttpClient verifying;
    private CloseableHttpClient trusting;

    @PostConstruct
    void init() {
        verifying = client(null);
        try {
            SSLContext trustAll = SSLContexts.custom().loadTrustMaterial(TrustAllStrategy.INSTANCE).build();
            trusting = client(new DefaultClientTlsStrategy(trustAll, NoopHostnameVerifier.INSTANCE));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the TLS context for skip_cert_verify targets", e);
        }
    }

    private CloseableHttpClient client(DefaultClientTlsStrategy tls) {
        var pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(64)
                .setMaxConnPerRoute(8)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Math.min(timeoutMs, 5000), TimeUnit.MILLISECONDS)
                        .setSocketTimeout((int) timeoutMs, TimeUnit.MILLISECONDS)
                        .build());
        if (tls != null) pool.setTlsSocketStrategy(tls);
        return HttpClients.custom()
                .setConnectionManager(pool.build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofMilliseconds(timeoutMs)).build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .build();
    }

    @PreDestroy
    void close() {
        verifying.close(CloseMode.IMMEDIATE);
        trusting.close(CloseMode.IMMEDIATE);
    }

    /**
     * @param eventId sent as {@code X-Wharf-Event-Id} (and {@code X-Harbor-Event-Id}) so receivers drop repeats
     * @throws IOException when there was no answer (refused, timed out, TLS failed)
     */
    public Answer post(WebhookTarget target, WebhookPayloads.Body body, String eventId) throws IOException {
        var request = ClassicRequestBuilder.post(target.address())
                .setEntity(new StringEntity(body.json(), ContentType.create(body.contentType(), java.nio.charset.StandardCharsets.UTF_8)))
                .addHeader("X-Wharf-Event-Id", eventId)
                .addHeader("X-Harbor-Event-Id", eventId);
        if (target.authHeader() != null) request.addHeader("Authorization", target.authHeader());
        CloseableHttpClient client = target.skipCertVerify() ? trusting : verifying;
        return client.execute(request.build(), response -> {
            String text = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), 512);
            return new Answer(response.getCode(), text);
        });
    }
}
