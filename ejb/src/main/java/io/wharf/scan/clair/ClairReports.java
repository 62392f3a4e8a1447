package io.wharf.scan.clair;

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
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Clair v4's JSON as Wharf reads it: the manifest it submits, the IndexReport's state and the
 * VulnerabilityReport's findings. Fields Wharf does not need are ignored; missing ones are empty.
 */
final class ClairReports {
    static final String INDEX_FINISHED = "IndexFinished";
    static final String INDEX_ERROR = "IndexError";

    private ClairReports() {}

    /** A parsed report, or why the text is not one. */
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

    /** The manifest Clair indexes: the image's digest and each layer with the URL and header that read it. */
    static String manifest(String manifestDigest, List<io.wharf.scan.spi.LayerTarget> layers, String authorization) {
        var layerArray = JsonSupport.PROVIDER.createArrayBuilder();
        for (var layer : layers) {
            var headers = JsonSupport.PROVIDER.createObjectBuilder();
            if (authorization != null && !authorization.isBlank()) {
                headers.add("Authorization", JsonSupport.PROVIDER.createArrayBuilder().add(authorization));
            }
            layerArray.add(JsonSupport.PROVIDER.createObjectBuilder()
                    .add("hash", layer.digest())
                    .add("uri", layer.url())
                    .add("headers", headers));
        }
        return JsonSupport.PROVIDER.createObjectBuilder()
                .add("hash", manifestDigest)
                .add("layers", layerArray)
                .build().toString();
    }

    /** The IndexReport's {@code state} ({@code CheckManifest}, ..., {@code IndexFinished}, {@code IndexError}), or "". */
    static String state(JsonObject indexReport) {
        return text(indexReport, "state");
    }

    /** Why indexing failed, as Clair says it ({@code err}). */
    static String error(JsonObject indexReport) {
        String err = text(indexReport, "err");
        return err.isBlank() ? "no reason given" : err;
    }

    /**
     * One finding per affected package and vulnerability: {@code package_vulnerabilities} names the
     * pairs, {@code packages} what is installed, {@code vulnerabilities} the advisory, and
     * {@code environments} the layer that brought the package (and its distribution).
     * Ordered most severe first, then by vulnerability and package.
     */
    static List<Finding> findings(JsonObject report) {
        JsonObject packages = object(report, "packages");
        JsonObject vulnerabilities = object(report, "vulnerabilities");
        JsonObject environments = object(report, "environments");
        JsonObject distributions = object(report, "distributions");
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, JsonValue> entry : object(report, "package_vulnerabilities").entrySet()) {
            if (!(entry.getValue() instanceof JsonArray vulnIds)) {
                continue;
            }
            JsonObject pkg = object(packages, entry.getKey());
            JsonObject environment = first(environments, entry.getKey());
            for (JsonValue id : vulnIds) {
                if (!(id instanceof JsonString vulnId) || !(vulnerabilities.get(vulnId.getString()) instanceof JsonObject vuln)) {
                    continue;
                }
                findings.add(finding(pkg, vuln, environment, distributions));
            }
        }
        findings.sort(Comparator.comparing(Finding::severity)
                .thenComparing(Finding::vulnerabilityId)
                .thenComparing(Finding::packageName));
        return findings;
    }

    private static Finding finding(JsonObject pkg, JsonObject vuln, JsonObject environment, JsonObject distributions) {
        JsonObject vulnPackage = object(vuln, "package");
        String name = text(pkg, "name");
        if (name.isBlank()) {
            name = text(vulnPackage, "name");
        }
        String version = text(pkg, "version");
        if (version.isBlank()) {
            version = text(vulnPackage, "version");
        }
        String id = text(vuln, "name");
        if (id.isBlank()) {
            id = text(vuln, "id");
        }
        String severity = text(vuln, "normalized_severity");
        if (severity.isBlank()) {
            severity = text(vuln, "severity");
        }
        String fixed = text(vuln, "fixed_in_version");
        List<String> links = Arrays.stream(text(vuln, "links").split("\\s+")).filter(s -> !s.isBlank()).toList();
        String layer = text(environment, "introduced_in");
        return new Finding(id, List.of(), name, ecosystem(environment, distributions), version,
                fixed.isBlank() ? null : fixed, Severity.parse(severity), text(vuln, "description"),
                links, layer.isBlank() ? null : layer);
    }

    /** The package's distribution as Clair names it ({@code did:version_id}, e.g. {@code debian:12}), or null. */
    private static String ecosystem(JsonObject environment, JsonObject distributions) {
        String distributionId = text(environment, "distribution_id");
        if (distributionId.isBlank()) {
            return null;
        }
        JsonObject distribution = object(distributions, distributionId);
        String did = text(distribution, "did");
        String version = text(distribution, "version_id");
        if (did.isBlank()) {
            return null;
        }
        return version.isBlank() ? did : did + ":" + version;
    }

    static JsonObject object(JsonObject parent, String key) {
        return parent.get(key) instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
    }

    private static JsonObject first(JsonObject parent, String key) {
        return parent.get(key) instanceof JsonArray a && !a.isEmpty() && a.get(0) instanceof JsonObject o
                ? o : JsonValue.EMPTY_JSON_OBJECT;
    }

    static String text(JsonObject parent, String key) {
        return parent.get(key) instanceof JsonString s ? s.getString() : "";
    }

    /** A 2xx answer that is not the report it should be. */
    static final class MalformedReportException extends Exception {
        MalformedReportException(String what) {
            super(what);
        }
    }
}
