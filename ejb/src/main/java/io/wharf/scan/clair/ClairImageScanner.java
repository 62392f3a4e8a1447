package io.wharf.scan.clair;

import io.wharf.scan.clair.client.ClairClient;
import io.wharf.scan.clair.client.ClairException;
import io.wharf.scan.clair.client.ClairNotFoundException;
import io.wharf.scan.spi.ImageScanner;
import io.wharf.scan.spi.ScanContext;
import io.wharf.scan.spi.ScanFailedException;
import io.wharf.scan.spi.ScanOutcome;
import io.wharf.scan.spi.ScanTarget;
import io.wharf.scan.spi.Redactor;
import io.wharf.scan.spi.ScannerInfo;
import io.wharf.scanner.Finding;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/**
 * Scans through Clair v4: submits the image's manifest with each layer's blob URL and the pull
 * token that reads it ({@code POST /indexer/api/v1/index_report}), polls the index report until its
 * state is {@code IndexFinished} (or {@code IndexError}, or {@code scanner.clair.timeout.seconds}
 * pass, or the job is stopped), then turns {@code GET /matcher/api/v1/vulnerability_report/{digest}}
 * into findings. Settings: {@link ClairSettings}. Stateless between scans, so one instance serves all jobs.
 */
@ApplicationScoped
public class ClairImageScanner implements ImageScanner {
    /** Clair v4 has no endpoint that names its version; reports show this. */
    static final ScannerInfo INFO = new ScannerInfo("Clair", "Project Quay", "v4");

    @Inject Config config;

    private final ClairSettings fixedSettings;

    public ClairImageScanner() {
        this.fixedSettings = null;
    }

    /** For tests: fixed settings instead of MicroProfile Config. */
    ClairImageScanner(ClairSettings settings) {
        this.fixedSettings = settings;
    }

    @Override
    public String type() {
        return "clair";
    }

    @Override
    public ScannerInfo info() {
        return INFO;
    }

    @Override
    public ScanOutcome scan(ScanTarget target, ScanContext context) throws ScanFailedException {
        ClairSettings settings = fixedSettings != null ? fixedSettings : ClairSettings.from(config);
        URI base = baseUri(settings);
        Call call = new Call(target, context, settings, display(base));
        ClairClient clair = RestClientBuilder.newBuilder()
                .baseUri(base)
                .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .followRedirects(false)
                .build(ClairClient.class);
        try {
            return call.run(clair);
        } finally {
            try {
                clair.close();
            } catch (Exception ignored) {
                // the connection pool goes either way
            }
        }
    }

    private static URI baseUri(ClairSettings settings) throws ScanFailedException {
        String url = settings.url().orElseThrow(() -> new ScanFailedException(
                "Clair is not configured: set " + ClairSettings.URL + " (environment variable SCANNER_CLAIR_URL)"));
        try {
            URI uri = new URI(url);
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(url, "not an http(s) URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ScanFailedException(ClairSettings.URL + " is not an http(s) URL: " + display(url));
        }
    }

    /** The URL as logs may show it: without user info, query or fragment. */
    static String display(URI uri) {
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return uri.getScheme() + "://" + uri.getHost() + port + path;
    }

    private static String display(String url) {
        int at = url.lastIndexOf('@');
        return at < 0 ? url : "..." + url.substring(at);
    }

    /** One scan: the target, its secrets to keep out of messages, and the deadline. */
    private static final class Call {
        private final ScanTarget target;
        private final ScanContext context;
        private final ClairSettings settings;
        private final String where;
        private final Redactor redactor;

        Call(ScanTarget target, ScanContext context, ClairSettings settings, String where) {
            this.target = target;
            this.context = context;
            this.settings = settings;
            this.where = where;
            this.redactor = new Redactor(target.authorization());
        }

        ScanOutcome run(ClairClient clair) throws ScanFailedException {
            String digest = target.digest();
            long deadline = System.nanoTime() + settings.timeout().toNanos();
            String manifest = ClairReports.manifest(digest, target.layers(), target.authorization());

            JsonObject index = report("indexer", "index report", () -> clair.index(manifest));
            log("submitted " + target.repository() + "@" + digest + " (" + target.layers().size()
                    + " layers) to Clair at " + where);
            String state = ClairReports.state(index);
            String logged = null;
            while (!finished(index, state)) {
                if (ClairReports.INDEX_ERROR.equals(state)) {
                    throw failure("Clair could not index " + digest + ": " + redactor.quote(ClairReports.error(index)));
                }
                if (context.stopRequested().getAsBoolean()) {
                    throw failure("scan stopped on request while Clair was indexing " + digest + " (state " + state + ")");
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw failure("Clair index of " + digest + " not finished after " + settings.timeout().toSeconds()
                            + " s (last state " + (state.isBlank() ? "unknown" : state) + ")");
                }
                if (!state.equals(logged)) {
                    log("Clair is indexing (state " + (state.isBlank() ? "unknown" : state) + "), polling every "
                            + seconds(settings.pollInterval()));
                    logged = state;
                }
                pause(Math.min(settings.pollInterval().toNanos(), remaining));
                if (context.stopRequested().getAsBoolean()) {
                    throw failure("scan stopped on request while Clair was indexing " + digest + " (state " + state + ")");
                }
                index = report("indexer", "index report", () -> clair.indexReport(digest));
                state = ClairReports.state(index);
            }
            log("Clair indexed " + digest + ": " + ClairReports.object(index, "packages").size() + " packages");

            JsonObject vulnerabilityReport = report("matcher", "vulnerability report", () -> clair.vulnerabilityReport(digest));
            List<Finding> findings = ClairReports.findings(vulnerabilityReport);
            log("Clair vulnerability report received with " + findings.size() + " vulnerabilities");
            return new ScanOutcome(INFO, findings);
        }

        private static boolean finished(JsonObject index, String state) {
            if (ClairReports.INDEX_FINISHED.equals(state)) {
                return true;
            }
            // Reports without a state (none seen so far) count as done once Clair calls them a success.
            return state.isBlank() && index.getBoolean("success", false);
        }

        /** Calls Clair and parses the JSON it answers; every failure becomes a message fit for the job log. */
        private JsonObject report(String part, String what, Supplier<String> request) throws ScanFailedException {
            String body;
            try {
                body = request.get();
            } catch (ClairNotFoundException e) {
                throw failure("Clair " + part + " has no " + what + " for " + target.digest() + reason(e.clairMessage()));
            } catch (ClairException e) {
                throw failure("Clair " + part + " answered " + e.status() + reason(e.clairMessage()));
            } catch (WebApplicationException e) {
                throw failure("Clair " + part + " answered " + e.getResponse().getStatus() + " to the " + what + " request");
            } catch (ProcessingException e) {
                throw unreachable(part, e);
            }
            try {
                return ClairReports.parse(body);
            } catch (ClairReports.MalformedReportException e) {
                throw failure("Clair " + part + "'s " + what + " for " + target.digest() + " " + e.getMessage());
            }
        }

        private ScanFailedException unreachable(String part, ProcessingException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (root instanceof SocketTimeoutException) {
                return failure("Clair " + part + " at " + where + " did not answer within "
                        + seconds(settings.readTimeout()) + " (" + ClairSettings.READ_TIMEOUT_SECONDS + ")");
            }
            String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
            return failure("Clair at " + where + " cannot be reached: " + redactor.quote(why));
        }

        private String reason(String clairMessage) {
            return clairMessage == null || clairMessage.isBlank() ? "" : ": " + redactor.quote(clairMessage);
        }

        private ScanFailedException failure(String message) {
            return new ScanFailedException(redactor.clean(message));
        }

        private void log(String line) {
            context.log().accept(redactor.clean(line));
        }

        private void pause(long nanos) throws ScanFailedException {
            try {
                TimeUnit.NANOSECONDS.sleep(nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("scan interrupted while Clair was indexing " + target.digest());
            }
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }
}
