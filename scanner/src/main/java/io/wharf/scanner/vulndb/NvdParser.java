package io.wharf.scanner.vulndb;

import io.wharf.scanner.Cvss;
import io.wharf.scanner.Severity;
import io.wharf.scanner.severity.CvssRating;
import io.wharf.scanner.severity.SeverityChoice;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * NVD CVE records (CVE JSON 2.0, the {@code cve} object of the NVD API). An NVD record only rates a vulnerability:
 * it is stored as a {@code vuln_record} of source {@code nvd} with no affected rows. Kept per CVE: the description,
 * one CVSS metric per version (v4.0, v3.1, v3.0, v2 — the NVD's own {@code Primary} metric where there is one,
 * else the first {@code Secondary} one, from a CNA or CISA-ADP), base scores as the NVD gives them, and the CWE ids of
 * {@code weaknesses} (not {@code NVD-CWE-Other}/{@code NVD-CWE-noinfo}). Unknown metric families ({@code ssvcV203}
 * and the like) are ignored. The record's severity is the rating of the first version that has a score.
 */
public final class NvdParser {
    public static final String SOURCE = SeverityChoice.NVD;
    private static final Pattern CVE_ID = Pattern.compile("CVE-\\d{4}-\\d{4,}");
    private static final Pattern CWE_ID = Pattern.compile("CWE-\\d+");
    /** Metric families, most preferred first, with the version their metrics are. */
    private static final String[][] FAMILIES = {
        {"cvssMetricV40", "4.0"}, {"cvssMetricV31", "3.1"}, {"cvssMetricV30", "3.0"}, {"cvssMetricV2", "2.0"}};

    private NvdParser() {
    }

    /** A bare {@code cve} object: a CVE id plus NVD's own fields. */
    static boolean looksLikeCve(JsonObject o) {
        String id = Json.string(o, "id");
        return id != null && CVE_ID.matcher(id).matches()
                && (o.containsKey("sourceIdentifier") || o.containsKey("vulnStatus") || o.containsKey("metrics"))
                && o.containsKey("descriptions");
    }

    /** {@code {"cve": {...}}}, one element of an API response's {@code vulnerabilities}. */
    static JsonObject unwrap(JsonObject o) {
        JsonObject inner = Json.object(o, "cve");
        return inner != null && looksLikeCve(inner) ? inner : o;
    }

    public static ParsedRecord parse(JsonObject cveOrWrapper) {
        JsonObject cve = unwrap(cveOrWrapper);
        String id = Json.string(cve, "id");
        if (id == null || !CVE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("NVD record without a CVE id");
        }
        String description = "";
        for (JsonObject d : Json.objects(Json.array(cve, "descriptions"))) {
            if ("en".equals(Json.string(d, "lang")) && Json.string(d, "value") != null) {
                description = Json.string(d, "value").strip();
                break;
            }
        }
        List<Cvss> metrics = metrics(Json.object(cve, "metrics"));
        Cvss rated = null;
        Severity severity = Severity.UNKNOWN;
        for (Cvss c : metrics) {
            Severity s = CvssRating.of(c);
            if (s != Severity.UNKNOWN) {
                rated = c;
                severity = s;
                break;
            }
        }
        List<String> references = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        references.add("https://nvd.nist.gov/vuln/detail/" + id);
        for (JsonObject r : Json.objects(Json.array(cve, "references"))) {
            String url = Json.string(r, "url");
            if (url != null && seen.add(url)) {
                references.add(url);
            }
        }
        String summary = description.lines().findFirst().orElse("");
        VulnRecord record = new VulnRecord(SOURCE, id, summary, description, severity,
                rated == null ? null : rated.vector(), rated == null ? null : CvssRating.scoreOf(rated), List.of(),
                references, Json.string(cve, "lastModified"), rated == null ? null : rated.version(),
                cweIds(cve), metrics);
        return new ParsedRecord(SOURCE, id, List.of(record), List.of());
    }

    /** One metric per version, most preferred version first; within a version the Primary one, else the first. */
    static List<Cvss> metrics(JsonObject metrics) {
        List<Cvss> out = new ArrayList<>();
        if (metrics == null) {
            return out;
        }
        for (String[] family : FAMILIES) {
            JsonObject chosen = null;
            for (JsonObject m : Json.objects(Json.array(metrics, family[0]))) {
                if (Json.object(m, "cvssData") == null) {
                    continue;
                }
                if (chosen == null || ("Primary".equals(Json.string(m, "type"))
                        && !"Primary".equals(Json.string(chosen, "type")))) {
                    chosen = m;
                }
            }
            if (chosen != null) {
                JsonObject data = Json.object(chosen, "cvssData");
                String version = Json.string(data, "version") != null ? Json.string(data, "version") : family[1];
                out.add(new Cvss(version, Json.string(data, "vectorString"), number(data, "baseScore"), SOURCE));
            }
        }
        return out;
    }

    private static Double number(JsonObject o, String key) {
        JsonValue v = o.get(key);
        return v instanceof JsonNumber n ? n.doubleValue() : null;
    }

    /** CWE ids, the Primary weakness's first; {@code NVD-CWE-Other} and {@code NVD-CWE-noinfo} say nothing. */
    static List<String> cweIds(JsonObject cve) {
        Set<String> primary = new LinkedHashSet<>();
        Set<String> others = new LinkedHashSet<>();
        for (JsonObject w : Json.objects(Json.array(cve, "weaknesses"))) {
            Set<String> into = "Primary".equals(Json.string(w, "type")) ? primary : others;
            for (JsonObject d : Json.objects(Json.array(w, "description"))) {
                String value = Json.string(d, "value");
                if (value != null && CWE_ID.matcher(value).matches()) {
                    into.add(value);
                }
            }
        }
        primary.addAll(others);
        return new ArrayList<>(primary);
    }
}
