package io.wharf.webhook;

import io.wharf.audit.AuditLogEntry;
import io.wharf.config.WharfConfig;
import io.wharf.registry.RepositoryRecord;
import io.wharf.scan.ScanJob;
import io.wharf.scan.ScanOverview;
import io.wharf.webhook.event.WebhookEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/** Makes webhook events of Wharf's own records: audit entries (push, pull, delete, severity rise) and finished scans. */
@ApplicationScoped
public class ArtifactEvents {
    /** Harbor's scan report media type, the key of {@code scan_overview}. */
    static final String REPORT_MIME = "application/vnd.security.vulnerability.report; version=1.1";

    @Inject WebhookStore store;
    @Inject WharfConfig config;

    /** A resource as the audit log writes it: {@code p/r:tag}, {@code p/r@sha256:...} or just {@code p/r}. */
    record Resource(String repository, String tag, String digest) {
        static Optional<Resource> parse(String resource) {
            if (resource == null || resource.isBlank()) return Optional.empty();
            int at = resource.indexOf('@');
            if (at > 0) return Optional.of(new Resource(resource.substring(0, at), null, resource.substring(at + 1)));
            int slash = resource.lastIndexOf('/');
            int colon = resource.lastIndexOf(':');
            if (colon > slash && colon > 0) return Optional.of(new Resource(resource.substring(0, colon), resource.substring(colon + 1), null));
            return Optional.empty(); // a whole repository: no artifact to name
        }
    }

    /** The event type of an audit operation, if webhooks deliver it. */
    static Optional<String> typeOf(String operation) {
        return switch (operation == null ? "" : operation) {
            case "push" -> Optional.of(WebhookEventType.PUSH_ARTIFACT.name());
            case "pull" -> Optional.of(WebhookEventType.PULL_ARTIFACT.name());
            case "delete" -> Optional.of(WebhookEventType.DELETE_ARTIFACT.name());
            case "severity_rose" -> Optional.of(WebhookEventType.VULNERABILITY_SEVERITY_ROSE.name());
            default -> Optional.empty();
        };
    }

    /** The event an audit entry stands for; its id is the entry's, so reading the entry twice delivers it once. */
    public Optional<WebhookEvent> fromAudit(AuditLogEntry entry) {
        if (!"artifact".equals(entry.getResourceType())) return Optional.empty();
        Optional<String> type = typeOf(entry.getOperation());
        Optional<Resource> resource = Resource.parse(entry.getResource());
        if (type.isEmpty() || resource.isEmpty()) return Optional.empty();
        Resource r = resource.get();
        String digest = r.digest();
        // A delete of a tag names no digest, and the tag is gone: the event carries the tag alone.
        if (digest == null && !"delete".equals(entry.getOperation())) digest = store.digestOfTag(r.repository(), r.tag()).orElse(null);
        JsonObject overview = null;
        if (WebhookEventType.VULNERABILITY_SEVERITY_ROSE.name().equals(type.get()) && digest != null) {
            overview = store.overview(digest).map(ArtifactEvents::overview).orElse(null);
        }
        JsonObject data = WebhookPayloads.artifactData(host(), r.repository(), r.tag(), digest,
                store.repository(r.repository()).map(RepositoryRecord::getCreationTime).orElse(null), overview);
        return Optional.of(new WebhookEvent(type.get(), entry.getProjectId(), "audit-" + entry.getId(), entry.getOpTime(),
                entry.getUsername(), data));
    }

    /** The event of a scan that ended: completed, failed or stopped, with its overview. */
    public Optional<WebhookEvent> fromScan(String scanId, WebhookEventType type) {
        Optional<ScanJob> found = store.scan(scanId);
        if (found.isEmpty() || found.get().getProjectId() == null) return Optional.empty();
        ScanJob scan = found.get();
        JsonObject overview = store.overview(scan.getDigest()).filter(o -> scanId.equals(o.getScanJobId()))
                .map(ArtifactEvents::overview).orElse(null);
        JsonObject data = WebhookPayloads.artifactData(host(), scan.getRepository(), scan.getTag(), scan.getDigest(),
                store.repository(scan.getRepository()).map(RepositoryRecord::getCreationTime).orElse(null), overview);
        String operator = scan.getRequestedBy() == null || scan.getRequestedBy().isBlank() ? "system" : scan.getRequestedBy();
        return Optional.of(new WebhookEvent(type.name(), scan.getProjectId(), "scan-" + scanId + "-" + type.name(), Instant.now(),
                operator, data));
    }

    /** Harbor's {@code scan_overview}: the report's summary keyed by the report media type. */
    static JsonObject overview(ScanOverview o) {
        var summary = Json.createObjectBuilder();
        o.counts().forEach((s, n) -> { if (n > 0) summary.add(s.label(), n); });
        var report = Json.createObjectBuilder()
                .add("report_id", o.getScanJobId())
                .add("scan_status", o.getStatus().wire())
                .add("severity", o.getSeverity() == null ? "None" : o.getSeverity().label())
                .add("summary", Json.createObjectBuilder().add("total", o.getTotal()).add("fixable", o.getFixable()).add("summary", summary));
        if (o.getStartTime() != null) report.add("start_time", o.getStartTime().toString());
        if (o.getEndTime() != null) report.add("end_time", o.getEndTime().toString());
        if (o.getStartTime() != null && o.getEndTime() != null) {
            report.add("duration", o.getEndTime().getEpochSecond() - o.getStartTime().getEpochSecond());
        }
        if (o.getScannerName() != null) {
            report.add("scanner", Json.createObjectBuilder().add("name", o.getScannerName())
                    .add("vendor", String.valueOf(o.getScannerVendor())).add("version", String.valueOf(o.getScannerVersion())));
        }
        return Json.createObjectBuilder().add(REPORT_MIME, report).build();
    }

    /** The registry's address as clients use it ({@code wharf.external.url}'s host and port), the start of {@code resource_url}. */
    String host() {
        return config.externalUrl().map(u -> {
            URI uri = URI.create(u);
            return uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
        }).orElse("localhost");
    }
}
