package io.wharf.scanner.vulndb;

import io.wharf.scanner.JsonSupport;
import io.wharf.scanner.PypiNames;
import io.wharf.scanner.Severity;
import io.wharf.scanner.severity.Cvss3;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * OSV records (https://ossf.github.io/osv-schema/). Severity: a CVSS v3.x vector's base score, else the record's
 * {@code database_specific.severity} (GHSA's CRITICAL/HIGH/MODERATE/LOW; also what a CVSS v4-only record falls back
 * to), else the affected entry's {@code ecosystem_specific}/{@code database_specific} severity, else Unknown.
 * Only ECOSYSTEM and SEMVER ranges are kept (GIT ranges name commits, not versions). A withdrawn record is kept
 * as text but matches nothing.
 */
public final class OsvParser {
    public static final String SOURCE = "osv";
    /** OSV's ecosystem name for Python packages. */
    public static final String PYPI = "PyPI";
    private static final Set<String> VERSION_RANGE_TYPES = Set.of("ECOSYSTEM", "SEMVER");

    private OsvParser() {
    }

    static boolean looksLikeOsv(JsonObject o) {
        return Json.string(o, "id") != null
                && (o.containsKey("affected") || o.containsKey("schema_version") || o.containsKey("modified"));
    }

    public static ParsedRecord parse(JsonObject o) {
        String id = Json.string(o, "id");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("OSV record without id");
        }
        String details = Json.string(o, "details");
        String summary = Json.string(o, "summary");
        if (summary == null || summary.isBlank()) {
            summary = details == null ? "" : details.strip().lines().findFirst().orElse("");
        }
        String cvssVector = null;
        Double cvssScore = null;
        for (JsonObject s : Json.objects(Json.array(o, "severity"))) {
            String type = Json.string(s, "type");
            String score = Json.string(s, "score");
            if (score != null && ("CVSS_V3".equals(type) || score.startsWith("CVSS:3."))) {
                try {
                    cvssScore = Cvss3.baseScore(score);
                    cvssVector = score;
                    break;
                } catch (IllegalArgumentException e) {
                    // an unusable vector: fall back to the words below
                }
            }
        }
        Severity severity = cvssScore != null ? Cvss3.rating(cvssScore)
                : Severity.parse(Json.string(Json.object(o, "database_specific"), "severity"));
        List<String> references = new ArrayList<>();
        for (JsonObject r : Json.objects(Json.array(o, "references"))) {
            String url = Json.string(r, "url");
            if (url != null) {
                references.add(url);
            }
        }
        VulnRecord record = new VulnRecord(SOURCE, id, summary, details, severity, cvssVector, cvssScore,
                Json.strings(Json.array(o, "aliases")), references, Json.string(o, "modified"));

        List<AffectedRow> rows = new ArrayList<>();
        if (!o.containsKey("withdrawn")) {
            for (JsonObject affected : Json.objects(Json.array(o, "affected"))) {
                AffectedRow row = row(id, affected, severity);
                if (row != null) {
                    rows.add(row);
                }
            }
        }
        return new ParsedRecord(SOURCE, id, List.of(record), rows);
    }

    private static AffectedRow row(String id, JsonObject affected, Severity recordSeverity) {
        JsonObject pkg = Json.object(affected, "package");
        String ecosystem = Json.string(pkg, "ecosystem");
        String name = Json.string(pkg, "name");
        if (ecosystem == null || name == null) {
            return null;
        }
        var ranges = JsonSupport.PROVIDER.createArrayBuilder();
        boolean any = false;
        for (JsonObject range : Json.objects(Json.array(affected, "ranges"))) {
            if (VERSION_RANGE_TYPES.contains(Json.string(range, "type"))) {
                ranges.add(range);
                any = true;
            }
        }
        JsonArray versions = Json.array(affected, "versions");
        if (!any && versions.isEmpty()) {
            return null;
        }
        JsonObject matchData = JsonSupport.PROVIDER.createObjectBuilder()
                .add("ranges", ranges).add("versions", versions).build();
        Severity severity = recordSeverity;
        if (severity == Severity.UNKNOWN) {
            severity = Severity.parse(Json.string(Json.object(affected, "ecosystem_specific"), "severity"));
        }
        if (severity == Severity.UNKNOWN) {
            severity = Severity.parse(Json.string(Json.object(affected, "database_specific"), "severity"));
        }
        int colon = ecosystem.indexOf(':');
        String base = colon >= 0 ? ecosystem.substring(0, colon) : ecosystem;
        String release = colon >= 0 ? ecosystem.substring(colon + 1) : "";
        if (base.equals(PYPI)) {
            name = PypiNames.normalise(name); // GHSA writes "Jinja2", PyPA "jinja2": one key for both
        }
        return new AffectedRow(SOURCE, id, id, base, release, name, AffectedRow.OSV_RANGES, null, null, severity,
                matchData.toString());
    }
}
