package io.wharf.scan.adapter;

import io.wharf.scan.adapter.client.AdapterClient;
import io.wharf.scan.adapter.client.AdapterException;
import io.wharf.scan.adapter.client.AdapterNotFoundException;
import io.wharf.scan.adapter.client.AdapterRejectedException;
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
import jakarta.ws.rs.core.Response;
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
 * Scans through a scanner behind Harbor's pluggable scanner adapter API v1.0: checks the adapter's
 * metadata (it must produce {@value AdapterClient#VULNERABILITY_REPORT} for the image's media type),
 * queues the scan with the registry URL and pull token ({@code POST /api/v1/scan}), then asks for
 * {@code GET /api/v1/scan/{id}/report} until it is ready, waiting as each {@code 302}'s
 * {@code Refresh-After} says (at most {@code scanner.adapter.poll.max.seconds}), until
 * {@code scanner.adapter.timeout.seconds} pass or the job is stopped. Every call carries
 * {@code scanner.adapter.authorization} when set; it is never logged. Settings: {@link AdapterSettings}.
 */
@ApplicationScoped
public class AdapterImageScanner implements ImageScanner {

    @Inject Config config;

    private final AdapterSettings fixedSettings;

    public AdapterImageScanner() {
        this.fixedSettings = null;
    }

    /** For tests: fixed settings instead of MicroProfile Config. */
    AdapterImageScanner(AdapterSettings settings) {
        this.fixedSettings = settings;
    }

    @Override
    public String type() {
        return "adapter";
    }

    /** The adapter's own name, vendor and version, from its metadata. */
    @Override
    public ScannerInfo info() throws ScanFailedException {
        AdapterSettings settings = settings();
        Call call = new Call(settings, null, ScanContext.quiet());
        AdapterClient adapter = client(settings, call.base);
        try {
            return AdapterReports.scanner(call.metadata(adapter));
        } finally {
            close(adapter);
        }
    }

    @Override
    public ScanOutcome scan(ScanTarget target, ScanContext context) throws ScanFailedException {
        AdapterSettings settings = settings();
        Call call = new Call(settings, target, context);
        AdapterClient adapter = client(settings, call.base);
        try {
            return call.run(adapter);
        } finally {
            close(adapter);
        }
    }

    private AdapterSettings settings() {
        return fixedSettings != null ? fixedSettings : AdapterSettings.from(config);
    }

    private static AdapterClient client(AdapterSettings settings, URI base) {
        return RestClientBuilder.newBuilder()
                .baseUri(base)
                .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .followRedirects(false) // 302 means "not ready", not "look elsewhere"
                .build(AdapterClient.class);
    }

    private static void close(AdapterClient adapter) {
        try {
            adapter.close();
        } catch (Exception ignored) {
            // the connection pool goes either way
        }
    }

    /** The URL as logs may show it: without user info, query or fragment. */
    static String display(URI uri) {
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return uri.getScheme() + "://" + uri.getHost() + port + path;
    }

    /** One use of the adapter: its URL, the secrets to keep out of messages, the target if scanning. */
    private static final class Call {
        private final AdapterSettings settings;
        private final ScanTarget target;
        private final ScanContext context;
        private final Redactor redactor;
        private final String authorization;
        final URI base;
        private final String where;

        Call(AdapterSettings settings, ScanTarget target, ScanContext context) throws ScanFailedException {
            this.settings = settings;
            this.target = target;
            this.context = context;
            this.authorization = settings.authorization().orElse(null);
            this.redactor = new Redactor(authorization, target == null ? null : target.authorization());
            this.base = baseUri(settings);
            this.where = display(base);
        }

        private URI baseUri(AdapterSettings settings) throws ScanFailedException {
            String url = settings.url().orElseThrow(() -> new ScanFailedException(
                    "the scanner adapter is not configured: set " + AdapterSettings.URL + " (environment variable SCANNER_ADAPTER_URL)"));
            try {
                URI uri = new URI(url);
                if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) || uri.getHost() == null) {
                    throw new URISyntaxException(url, "not an http(s) URL with a host");
                }
                return uri;
            } catch (URISyntaxException e) {
                int at = url.lastIndexOf('@');
                throw new ScanFailedException(AdapterSettings.URL + " is not an http(s) URL: " + (at < 0 ? url : "..." + url.substring(at)));
            }
        }

        JsonObject metadata(AdapterClient adapter) throws ScanFailedException {
            return json("metadata", () -> adapter.metadata(authorization));
        }

        ScanOutcome run(AdapterClient adapter) throws ScanFailedException {
            JsonObject metadata = metadata(adapter);
            ScannerInfo scanner = AdapterReports.scanner(metadata);
            var problem = AdapterReports.capabilityProblem(metadata, AdapterClient.VULNERABILITY_REPORT, target.mediaType());
            if (problem.isPresent()) {
                throw failure(problem.get());
            }

            String request = AdapterReports.scanRequest(target);
            JsonObject accepted = json("scan", () -> adapter.scan(authorization, request));
            String id = AdapterReports.text(accepted, "id");
            if (id.isBlank()) {
                throw failure("the scanner adapter accepted the scan of " + target.digest() + " but gave no scan request id");
            }
            log("submitted " + target.repository() + "@" + target.digest() + " to the scanner adapter "
                    + AdapterReports.describe(scanner) + " at " + where + ": scan request " + id);

            long deadline = System.nanoTime() + settings.timeout().toNanos();
            boolean polling = false;
            while (true) {
                if (context.stopRequested().getAsBoolean()) {
                    throw stopped(id);
                }
                Duration wait;
                Response response = report(adapter, id);
                try {
                    int status = response.getStatus();
                    if (status == 200) {
                        return outcome(scanner, id, response.readEntity(String.class));
                    }
                    if (status != 302) {
                        throw failure("the scanner adapter answered " + status + " to the report request for scan request " + id);
                    }
                    wait = refreshAfter(response.getHeaderString("Refresh-After"));
                } catch (ProcessingException e) {
                    throw unreachable(e);
                } finally {
                    response.close();
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw failure("adapter report not ready after " + settings.timeout().toSeconds() + " s (scan request " + id + ")");
                }
                if (!polling) {
                    log("report not ready yet; polling (the adapter asks to retry after " + seconds(wait) + ")");
                    polling = true;
                }
                pause(Math.min(wait.toNanos(), remaining), id);
            }
        }

        private ScanOutcome outcome(ScannerInfo fromMetadata, String id, String body) throws ScanFailedException {
            JsonObject report;
            try {
                report = AdapterReports.parse(body);
            } catch (AdapterReports.MalformedReportException e) {
                throw failure("the scanner adapter's report for scan request " + id + " " + e.getMessage());
            }
            String digest = AdapterReports.artifactDigest(report);
            if (!digest.isBlank() && !digest.equals(target.digest())) {
                throw failure("the scanner adapter sent a report on " + digest + " for scan request " + id
                        + ", which was for " + target.digest());
            }
            List<Finding> findings = AdapterReports.findings(report);
            ScannerInfo fromReport = AdapterReports.scanner(report);
            log("report received with " + findings.size() + " vulnerabilities");
            return new ScanOutcome(fromReport.name().isBlank() ? fromMetadata : fromReport, findings);
        }

        /** The wait a 302 asks for: its {@code Refresh-After} seconds, at most poll.max; else the poll interval. */
        private Duration refreshAfter(String header) {
            if (header != null) {
                try {
                    long seconds = Long.parseLong(header.strip());
                    if (seconds > 0) {
                        return seconds > settings.pollMax().toSeconds() ? settings.pollMax() : Duration.ofSeconds(seconds);
                    }
                } catch (NumberFormatException ignored) {
                    // not the integer the API promises: use our own pace
                }
            }
            return settings.pollInterval();
        }

        /** Waits, checking for a stop request every poll interval. */
        private void pause(long nanos, String id) throws ScanFailedException {
            long until = System.nanoTime() + nanos;
            long slice = settings.pollInterval().toNanos();
            try {
                for (long left = nanos; left > 0; left = until - System.nanoTime()) {
                    TimeUnit.NANOSECONDS.sleep(Math.min(left, slice));
                    if (context.stopRequested().getAsBoolean()) {
                        throw stopped(id);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("scan interrupted while waiting for the scanner adapter's report (scan request " + id + ")");
            }
        }

        private Response report(AdapterClient adapter, String id) throws ScanFailedException {
            try {
                return adapter.report(authorization, id);
            } catch (AdapterNotFoundException e) {
                throw failure("the scanner adapter does not know scan request " + id + reason(e.adapterMessage()));
            } catch (AdapterException e) {
                throw failure(answered("report", e));
            } catch (WebApplicationException e) {
                throw failure("the scanner adapter answered " + e.getResponse().getStatus() + " to the report request");
            } catch (ProcessingException e) {
                throw unreachable(e);
            }
        }

        /** Calls the adapter and parses the JSON it answers; every failure becomes a message fit for the job log. */
        private JsonObject json(String what, Supplier<String> request) throws ScanFailedException {
            String body;
            try {
                body = request.get();
            } catch (AdapterException e) {
                throw failure(answered(what, e));
            } catch (WebApplicationException e) {
                throw failure("the scanner adapter answered " + e.getResponse().getStatus() + " to the " + what + " request");
            } catch (ProcessingException e) {
                throw unreachable(e);
            }
            try {
                return AdapterReports.parse(body);
            } catch (AdapterReports.MalformedReportException e) {
                throw failure("the scanner adapter's " + what + " answer " + e.getMessage());
            }
        }

        private String answered(String what, AdapterException e) {
            if (e instanceof AdapterRejectedException && (e.status() == 401 || e.status() == 403)) {
                return "the scanner adapter refused the " + what + " request (" + e.status() + ")" + reason(e.adapterMessage())
                        + "; check " + AdapterSettings.AUTHORIZATION;
            }
            return "the scanner adapter answered " + e.status() + " to the " + what + " request" + reason(e.adapterMessage());
        }

        private ScanFailedException unreachable(ProcessingException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (root instanceof SocketTimeoutException) {
                return failure("the scanner adapter at " + where + " did not answer within "
                        + seconds(settings.readTimeout()) + " (" + AdapterSettings.READ_TIMEOUT_SECONDS + ")");
            }
            String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
            return failure("the scanner adapter at " + where + " cannot be reached: " + redactor.quote(why));
        }

        private ScanFailedException stopped(String id) {
            return failure("scan stopped on request while waiting for the scanner adapter's report (scan request " + id + ")");
        }

        private String reason(String adapterMessage) {
            return adapterMessage == null || adapterMessage.isBlank() ? "" : ": " + redactor.quote(adapterMessage);
        }

        private ScanFailedException failure(String message) {
            return new ScanFailedException(redactor.clean(message));
        }

        private void log(String line) {
            context.log().accept(redactor.clean(line));
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }
}
