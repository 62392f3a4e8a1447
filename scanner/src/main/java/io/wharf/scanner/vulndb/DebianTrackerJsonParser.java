package io.wharf.scanner.vulndb;

import io.wharf.scanner.Severity;
import io.wharf.scanner.severity.DebianUrgency;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One entry of the Debian security tracker's JSON export (https://security-tracker.debian.org/tracker/data/json):
 * {@code source package → CVE → {description, scope, releases: {codename: {status, fixed_version, urgency,
 * repositories: {codename: version, codename-security: version}}}}}. The tracker has already worked out each
 * release's status, so every release becomes one tracker row that {@code DebianTrackerResolver} reads like a
 * {@code [release]} line of the {@code vuln-list-debian} layout:
 * <ul>
 * <li>{@code resolved} with {@code fixed_version} {@code 0} → {@code not-affected}; with a version → {@code fixed};</li>
 * <li>{@code open} → {@code unfixed}, or the {@code nodsa_reason} ({@code postponed}, {@code ignored}) / {@code no-dsa}
 * when the tracker marks it "no DSA";</li>
 * <li>{@code undetermined} stays {@code undetermined} (reported as not affected, as for the vuln-list layout).</li>
 * </ul>
 * The release's urgency is the row's severity. {@code repositories} give the release's source package version
 * ({@code vuln_distro_package}), the highest of the release and its security suite.
 */
public final class DebianTrackerJsonParser {
    private DebianTrackerJsonParser() {
    }

    /** Rows of one CVE for one source package, and the text of the CVE. */
    public static ParsedRecord parse(String sourcePackage, String vulnId, JsonObject entry) {
        if (vulnId == null || vulnId.isBlank()) {
            throw new IllegalArgumentException("tracker entry without an id under " + sourcePackage);
        }
        List<AffectedRow> rows = new ArrayList<>();
        JsonValue releases = entry.get("releases");
        if (releases != null && releases.getValueType() == JsonValue.ValueType.OBJECT) {
            for (Map.Entry<String, JsonValue> e : releases.asJsonObject().entrySet()) {
                if (e.getValue().getValueType() != JsonValue.ValueType.OBJECT) {
                    continue;
                }
                JsonObject release = e.getValue().asJsonObject();
                String fixed = Json.string(release, "fixed_version");
                String status = status(release, fixed);
                Severity severity = DebianUrgency.toSeverity(Json.string(release, "urgency"));
                rows.add(new AffectedRow(DebianTrackerParser.SOURCE, vulnId, vulnId, "Debian", e.getKey(), sourcePackage,
                        AffectedRow.DEBIAN_TRACKER, status, "fixed".equals(status) ? fixed : null, severity, null));
            }
        }
        String description = DebianTrackerParser.cleanDescription(Json.string(entry, "description"));
        VulnRecord record = new VulnRecord(DebianTrackerParser.SOURCE, vulnId, description, null, Severity.UNKNOWN,
                null, null, List.of(), List.of("https://security-tracker.debian.org/tracker/" + vulnId), null);
        return new ParsedRecord(DebianTrackerParser.SOURCE, vulnId, List.of(record), rows);
    }

    private static String status(JsonObject release, String fixed) {
        String status = Json.string(release, "status");
        if ("resolved".equals(status)) {
            return "0".equals(fixed) ? "not-affected" : "fixed";
        }
        if ("open".equals(status)) {
            if (release.containsKey("nodsa")) {
                String reason = Json.string(release, "nodsa_reason");
                return reason == null || reason.isBlank() ? "no-dsa" : reason;
            }
            return "unfixed";
        }
        return status == null ? "undetermined" : status;
    }

    /** The release's source versions an entry names: {@code bookworm-security} counts for {@code bookworm}. */
    public static List<DebianTrackerParser.SourcePackage> sourceVersions(String sourcePackage, JsonObject entry) {
        List<DebianTrackerParser.SourcePackage> out = new ArrayList<>();
        JsonValue releases = entry.get("releases");
        if (releases == null || releases.getValueType() != JsonValue.ValueType.OBJECT) {
            return out;
        }
        for (JsonValue r : releases.asJsonObject().values()) {
            JsonObject repositories = r.getValueType() == JsonValue.ValueType.OBJECT
                    ? Json.object(r.asJsonObject(), "repositories") : null;
            if (repositories == null) {
                continue;
            }
            for (String suite : repositories.keySet()) {
                String version = Json.string(repositories, suite);
                int dash = suite.indexOf('-');
                if (version != null && !version.isBlank()) {
                    out.add(new DebianTrackerParser.SourcePackage(dash > 0 ? suite.substring(0, dash) : suite,
                            sourcePackage, version));
                }
            }
        }
        return out;
    }
}
