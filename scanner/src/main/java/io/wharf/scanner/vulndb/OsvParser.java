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
import java.util.regex.Pattern;

/**
 * OSV records (https://ossf.github.io/osv-schema/). Severity: a CVSS v3.x vector's base score, else the record's
 * {@code database_specific.severity} (GHSA's CRITICAL/HIGH/MODERATE/LOW; also what a CVSS v4-only record falls back
 * to), else the affected entry's {@code ecosystem_specific}/{@code database_specific} severity, else Unknown.
 * Only ECOSYSTEM and SEMVER ranges are kept (GIT ranges name commits, not versions). A withdrawn record is kept
 * as text but matches nothing. RPM errata (AlmaLinux, Rocky, Red Hat) name their CVEs in {@code related}/{@code upstream}
 * (kept as aliases) and, without a CVSS vector, their impact as the summary's prefix ({@code Important:} → High).
 */
public final class OsvParser {
    public static final String SOURCE = "osv";
    /** OSV's ecosystem name for Python packages. */
    public static final String PYPI = "PyPI";
    private static final Set<String> VERSION_RANGE_TYPES = Set.of("ECOSYSTEM", "SEMVER");
    /** Compiled once: {@code String.matches} compiled it for every record (7 % of parsing an OSV archive). */
    private static final Pattern RPM_ERRATUM = Pattern.compile("(RH|AL|RL)[SBE]A-\\d{4}[:-]\\d+");

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
        List<String> aliases = new ArrayList<>(Json.strings(Json.array(o, "aliases")));
        if (isRpmErratum(id)) {
            // AlmaLinux, Rocky and Red Hat errata list the CVEs they fix under related/upstream, not aliases
            for (String key : new String[] {"upstream", "related"}) {
                for (String cve : Json.strings(Json.array(o, key))) {
                    if (!aliases.contains(cve) && !cve.equals(id)) {
                        aliases.add(cve);
                    }
                }
            }
            if (severity == Severity.UNKNOWN) {
                severity = errataSeverity(summary);
            }
        }
        VulnRecord record = new VulnRecord(SOURCE, id, summary, details, severity, cvssVector, cvssScore,
                aliases, references, Json.string(o, "modified"));

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

    /** Red Hat style errata ids: RHSA/RHBA/RHEA, AlmaLinux ALSA/ALBA/ALEA, Rocky RLSA/RLBA/RLEA. */
    static boolean isRpmErratum(String id) {
        return RPM_ERRATUM.matcher(id).matches();
    }

    /** Red Hat's impact rating, which errata put in front of the summary ("Important: openssl security update"). */
    static Severity errataSeverity(String summary) {
        if (summary == null) {
            return Severity.UNKNOWN;
        }
        int colon = summary.indexOf(':');
        String impact = colon > 0 ? summary.substring(0, colon).strip() : "";
        return switch (impact) {
            case "Critical" -> Severity.CRITICAL;
            case "Important" -> Severity.HIGH;
            case "Moderate" -> Severity.MEDIUM;
            case "Low" -> Severity.LOW;
            default -> Severity.UNKNOWN;
        };
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
        // Ubuntu rates each CVE for its packages itself (its priority); that, not the CVSS score, is the row's.
        Severity severity = ecosystem.startsWith("Ubuntu") ? Severity.parse(Json.string(
                Json.object(affected, "ecosystem_specific"), "ubuntu_priority")) : Severity.UNKNOWN;
        if (severity == Severity.UNKNOWN) {
            severity = recordSeverity;
        }
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
