package io.wharf.warmup;

import io.wharf.config.WharfConfig;
import io.wharf.lifecycle.ApplicationStart;
import io.wharf.registry.RegistryCatalogService;
import io.wharf.registry.RegistryContent;
import io.wharf.token.Access;
import io.wharf.token.TokenService;
import io.wharf.schema.SchemaMigrator;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends a freshly started server the requests a rollout sends it (the registry's version check, anonymous token
 * requests, manifest HEADs by tag through the gateway and its manifest cache) over loopback before it reports
 * ready, so that a server joining a fleet is not at its slowest while the JIT compiles the hot paths under real
 * load. HEADs neither count as pulls nor write audit entries, so the warm-up leaves no trace in the data. Bounded
 * by {@code wharf.warmup.seconds} from the moment the HTTP port answers (0 turns it off); a warm-up that cannot reach the server gives up and the server
 * reports ready anyway.
 *
 * <p>Started with the EJB module, before the web modules: the warm-up is then waiting when the HTTP port opens, and
 * its first requests start the web module's deferred parts (RESTEasy, the servlets) while bin/wharf's first health
 * request runs, instead of the warm-up waiting for that first request to start it.
 */
@Singleton
@Startup
@DependsOn(SchemaMigrator.NAME) // its preparation reads the newest tag
@ConcurrencyManagement(ConcurrencyManagementType.BEAN) // done() is read by every readiness check, never blocked
public class HotPathWarmUp {
    private static final Logger LOG = Logger.getLogger(HotPathWarmUp.class.getName());
    /** Clients at once: enough to keep both cores of a small server busy. */
    private static final int CLIENTS = 4;

    @Resource ManagedThreadFactory threads;
    @Inject WharfConfig config;
    @Inject TokenService tokens;
    @Inject RegistryContent content;
    @Inject RegistryCatalogService registry;
    @Inject ApplicationStart applicationStart;

    @Inject @ConfigProperty(name = "wharf.warmup.seconds", defaultValue = "2")
    int seconds;

    private volatile boolean done;

    @PostConstruct
    void start() {
        if (seconds <= 0) {
            done = true;
            return;
        }
        Thread t = threads.newThread(this::warmUp);
        t.setName("wharf-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** Whether the warm-up has ended (or was never wanted). */
    public boolean done() {
        return done;
    }

    private void warmUp() {
        try {
            // Its preparation creates beans that inject EJBs: before the start has ended that could hold the start
            // up (ApplicationStart says how).
            if (!applicationStart.await(Math.max(30, seconds * 5L), java.util.concurrent.TimeUnit.SECONDS)) {
                LOG.info("warm-up skipped: the application did not finish starting in time");
                return;
            }
            // The wait for the port, and the log line, count from here: a slow start does not eat the port's time.
            long started = System.nanoTime();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2)).build();
            String base = config.coreUrl();
            // Prepared while the port opens (the newest tag read, a service token signed): that first-time work is
            // then done before the first request, not in the warm-up's time.
            // The readiness check's registry ping makes the registry's REST client the first time: made beside the
            // warm-up, bin/wharf's first health request does not wait for it. Its own thread: it can take a second,
            // which the warm-up must not wait.
            Thread ping = threads.newThread(registry::ping);
            ping.setDaemon(true);
            ping.start();
            List<HttpRequest> requests = requests(base);
            if (!waitForPort(base, started)) {
                LOG.info("warm-up skipped: the server did not answer on " + base + " in time");
                return;
            }
            AtomicLong sent = new AtomicLong();
            long listening = System.nanoTime();
            long until = listening + Duration.ofSeconds(seconds).toNanos();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                int offset = i;
                Thread c = threads.newThread(() -> {
                    for (int k = offset; System.nanoTime() < until; k++) {
                        try {
                            http.send(requests.get(k % requests.size()), HttpResponse.BodyHandlers.discarding());
                            sent.incrementAndGet();
                        } catch (java.io.IOException e) {
                            return;
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                });
                c.setDaemon(true);
                clients.add(c);
                c.start();
            }
            for (Thread c : clients) c.join();
            LOG.info(String.format("warm-up: %d requests in %.1f s (the port opened %.1f s after the application started)",
                    sent.get(), (System.nanoTime() - listening) / 1e9, (listening - started) / 1e9));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // a warm-up is an optimisation: whatever goes wrong, the server still serves
            LOG.info("warm-up stopped: " + e);
        } finally {
            done = true;
        }
    }

    /**
     * The HTTP port opens once every application has started: waits for it to accept a connection, within the
     * warm-up's time. (A connection, not a health request: the health servlet's own first-time start would
     * delay the warm-up, and bin/wharf's polling starts it anyway.)
     */
    private boolean waitForPort(String base, long started) throws InterruptedException {
        long until = started + Duration.ofSeconds(Math.max(30, seconds * 5L)).toNanos();
        URI uri = URI.create(base);
        int port = uri.getPort() > 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
        while (System.nanoTime() < until) {
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(uri.getHost(), port), 2000);
                return true;
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        return false;
    }

    private List<HttpRequest> requests(String base) {
        List<HttpRequest> out = new ArrayList<>();
        out.add(HttpRequest.newBuilder(URI.create(base + "/v2/")).GET().build());
        Optional<String[]> sample = content.newestTag();
        String repository = sample.map(s -> s[0]).orElse("library/warm-up");
        String scope = URLEncoder.encode("repository:" + repository + ":pull", StandardCharsets.UTF_8);
        out.add(HttpRequest.newBuilder(URI.create(base + "/service/token?service="
                + URLEncoder.encode(config.tokenService(), StandardCharsets.UTF_8) + "&scope=" + scope)).GET().build());
        if (sample.isPresent()) {
            String bearer = "Bearer " + tokens.serviceToken(List.of(new Access("repository", repository, List.of("pull"))));
            URI manifest = URI.create(base + "/v2/" + repository + "/manifests/" + sample.get()[1]);
            for (String accept : List.of("application/vnd.oci.image.manifest.v1+json,application/vnd.oci.image.index.v1+json",
                    "application/vnd.docker.distribution.manifest.v2+json,application/vnd.docker.distribution.manifest.list.v2+json")) {
                out.add(HttpRequest.newBuilder(manifest).method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .header("Authorization", bearer).header("Accept", accept).build());
            }
        }
        return out;
    }
}
