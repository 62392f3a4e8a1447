package io.wharf.scan.adapter;

import io.wharf.scan.spi.ScanTarget;
import io.wharf.scan.spi.ScannerInfo;
import io.wharf.scanner.Cvss;
import io.wharf.scanner.Finding;
import io.wharf.scanner.JsonSupport;
import io.wharf.scanner.Severity;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The adapter API's JSON as Wharf reads it: metadata and capabilities, the scan request it sends,
 * and the vulnerability report (v1.1) as findings. Unknown fields are ignored; missing ones are empty.
 */
final class AdapterReports {
    private AdapterReports() {}

    /** A parsed answer, or why the text is not one. */
    static JsonObject parse(String body) throws MalformedReportException {
        if (body == null || body.isBlank()) {
            throw new MalformedReportException("is empty");
        }
        try (var reader = JsonSupport.PROVIDER.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            if (value instanceof JsonObject object) {
                return object;
            }
            throw new MalformedReportException("is not a JSON object");
        } catch (JsonException e) {
            throw new MalformedReportException("is not valid JSON");
        }
    }

    /** {@code scanner} of the metadata or a report: name, vendor, version. */
    static ScannerInfo scanner(JsonObject metadataOrReport) {
        JsonObject scanner = object(metadataOrReport, "scanner");
        return new ScannerInfo(text(scanner, "name"), text(scanner, "vendor"), text(scanner, "version"));
    }

    /** "Trivy 0.50.1 (Aqua Security)" */
    static String describe(ScannerInfo info) {
        String name = info.name().isBlank() ? "(unnamed)" : info.name();
        String version = info.version().isBlank() ? "" : " " + info.version();
        String vendor = info.vendor().isBlank() ? "" : " (" + info.vendor() + ")";
        return name + version + vendor;
    }

    /**
     * Why this adapter cannot scan the artifact into the report Wharf reads, or empty when it can:
     * one capability must produce {@code reportType} and, when the artifact's media type is known,
     * consume it.
     */
    static Optional<String> capabilityProblem(JsonObject metadata, String reportType, String artifactType) {
        List<String> produced = new ArrayList<>();
        List<String> consumed = new ArrayList<>();
        boolean producesReport = false;
        for (JsonValue value : array(metadata, "capabilities")) {
            if (!(value instanceof JsonObject capability)) {
                continue;
            }
            List<String> produces = strings(capability, "produces_mime_types");
            List<String> consumes = strings(capability, "consumes_mime_types");
            produced.addAll(produces);
            if (produces.stream().noneMatch(type -> sameMediaType(type, reportType))) {
                continue;
            }
            producesReport = true;
            consumed.addAll(consumes);
            if (artifactType == null || artifactType.isBlank()
                    || consumes.stream().anyMatch(type -> sameMediaType(type, artifactType))) {
                return Optional.empty();
            }
        }
        String who = "the scanner adapter " + describe(scanner(metadata));
        if (!producesReport) {
            return Optional.of(who + " does not produce " + reportType + " reports (it produces: "
                    + (produced.isEmpty() ? "nothing" : String.join(", ", produced)) + ")");
        }
        return Optional.of(who + " does not scan " + artifactType + " artifacts (it scans: "
                + (consumed.isEmpty() ? "nothing" : String.join(", ", consumed)) + ")");
    }

    /** Same type/subtype and same {@code version} parameter, whatever the spacing and case. */
    static boolean sameMediaType(String a, String b) {
        return mediaType(a).equals(mediaType(b));
    }

    private static String mediaType(String value) {
        String[] parts = value.split(";");
        String version = "";
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].split("=", 2);
            if (param.length == 2 && param[0].strip().equalsIgnoreCase("version")) {
                version = param[1].strip().replace("\"", "");
            }
        }
        return parts[0].strip().toLowerCase(Locale.ROOT) + ";version=" + version;
    }

    /** The scan request: where the registry is, the pull credential, and the artifact. */
    static String scanRequest(ScanTarget target) {
        var registry = JsonSupport.PROVIDER.createObjectBuilder().add("url", target.registryUrl());
        if (target.authorization() != null && !target.authorization().isBlank()) {
            registry.add("authorization", target.authorization());
        }
        var artifact = JsonSupport.PROVIDER.createObjectBuilder()
                .add("repository", target.repository())
                .add("digest", target.digest());
        if (target.mediaType() != null && !target.mediaType().isBlank()) {
            artifact.add("mime_type", target.mediaType());
        }
        return JsonSupport.PROVIDER.createObjectBuilder()
                .add("registry", registry)
                .add("artifact", artifact)
                .build().toString();
    }

    /** The report's {@code artifact.digest}, or "". */
    static String artifactDigest(JsonObject report) {
        return text(object(report, "artifact"), "digest");
    }

    /** One finding per vulnerability item, most severe first, then by vulnerability and package. */
    static List<Finding> findings(JsonObject report) {
        List<Finding> findings = new ArrayList<>();
        for (JsonValue value : array(report, "vulnerabilities")) {
            if (!(value instanceof JsonObject item)) {
                continue;
            }
            String fixed = text(item, "fix_version");
            String layer = text(object(item, "layer"), "digest");
            List<Cvss> cvss = vendorCvss(item);
            findings.add(new Finding(text(item, "id"), List.of(), text(item, "package"), null, text(item, "version"),
                    fixed.isBlank() ? null : fixed, Severity.parse(text(item, "severity")), text(item, "description"),
                    strings(item, "links"), layer.isBlank() ? null : layer, preferredCvss(item, cvss),
                    strings(item, "cwe_ids"), null, cvss));
        }
        findings.sort(Comparator.comparing(Finding::severity)
                .thenComparing(Finding::vulnerabilityId)
                .thenComparing(Finding::packageName));
        return findings;
    }

    /**
     * The report's {@code preferred_cvss}: its v3 rating, else its v2 one, named after the vendor attribute of the
     * same vector where there is one (the adapter's own choice otherwise: source {@code scanner}).
     */
    private static Cvss preferredCvss(JsonObject item, List<Cvss> vendor) {
        JsonObject p = object(item, "preferred_cvss");
        for (String v : List.of("3", "2")) {
            String vector = text(p, "vector_v" + v);
            Double score = number(p, "score_v" + v);
            if (vector.isBlank() && score == null) {
                continue;
            }
            String source = vendor.stream().filter(c -> !vector.isBlank() && vector.equals(c.vector()))
                    .map(Cvss::source).findFirst().orElse("scanner");
            return new Cvss(version(vector, v), vector.isBlank() ? null : vector, score, source);
        }
        return null;
    }

    /** Harbor's {@code vendor_attributes: {CVSS: {nvd: {V3Score, V3Vector, V2Score, V2Vector}, redhat: {...}}}}. */
    private static List<Cvss> vendorCvss(JsonObject item) {
        List<Cvss> out = new ArrayList<>();
        JsonObject bySource = object(object(item, "vendor_attributes"), "CVSS");
        for (Map.Entry<String, JsonValue> e : bySource.entrySet()) {
            if (!(e.getValue() instanceof JsonObject metrics)) {
                continue;
            }
            for (String v : List.of("3", "2")) {
                String vector = text(metrics, "V" + v + "Vector");
                Double score = number(metrics, "V" + v + "Score");
                if (!vector.isBlank() || score != null) {
                    out.add(new Cvss(version(vector, v), vector.isBlank() ? null : vector, score, e.getKey()));
                }
            }
        }
        return out;
    }

    /** {@code CVSS:3.1/...} says 3.1; a v2 vector or none says only the major version. */
    private static String version(String vector, String major) {
        if (vector.startsWith("CVSS:") && vector.indexOf('/') > 5) {
            return vector.substring(5, vector.indexOf('/'));
        }
        return major.equals("2") ? "2.0" : major;
    }

    private static Double number(JsonObject parent, String key) {
        return parent.get(key) instanceof jakarta.json.JsonNumber n ? n.doubleValue() : null;
    }

    static String text(JsonObject parent, String key) {
        return parent.get(key) instanceof JsonString s ? s.getString() : "";
    }

    private static JsonObject object(JsonObject parent, String key) {
        return parent.get(key) instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
    }

    private static JsonArray array(JsonObject parent, String key) {
        return parent.get(key) instanceof JsonArray a ? a : JsonValue.EMPTY_JSON_ARRAY;
    }

    private static List<String> strings(JsonObject parent, String key) {
        return array(parent, key).stream()
                .filter(v -> v instanceof JsonString)
                .map(v -> ((JsonString) v).getString())
                .filter(s -> !s.isBlank())
                .toList();
    }

    /** A 2xx answer that is not what it should be. */
    static final class MalformedReportException extends Exception {
        MalformedReportException(String what) {
            super(what);
        }
    }
}
