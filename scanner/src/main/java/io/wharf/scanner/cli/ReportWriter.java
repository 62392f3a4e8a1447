package io.wharf.scanner.cli;

import io.wharf.scanner.JsonSupport;
import io.wharf.scanner.Finding;
import io.wharf.scanner.InstalledPackage;
import io.wharf.scanner.PypiNames;
import io.wharf.scanner.ScanReport;
import io.wharf.scanner.Severity;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints a {@link ScanReport} as a table, as Harbor-style JSON, or as a CycloneDX 1.5 SBOM. */
public final class ReportWriter {
    private ReportWriter() {
    }

    static void table(ScanReport report, String image, PrintStream out) {
        out.printf("Image: %s   OS: %s   Packages: %d%n", image,
                report.osRelease() == null ? "unknown" : report.osRelease(), report.packages().size());
        out.println("Vulnerabilities: " + report.findings().size() + " (" + summaryText(report) + ")");
        if (report.findings().isEmpty()) {
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SEVERITY", "ID", "PACKAGE", "INSTALLED", "FIXED", "LAYER"});
        for (Finding f : report.findings()) {
            rows.add(new String[] {f.severity().label(), f.vulnerabilityId(), f.packageName(), f.installedVersion(),
                    f.fixedVersion() == null ? "-" : f.fixedVersion(), shortDigest(f.layerDigest())});
        }
        addIdentifiedByColumn(report, rows);
        int[] widths = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        out.println();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : String.format("%-" + widths[i] + "s  ", r[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** Java archives' identification as a last column, when a finding has one (images without jars keep five). */
    private static void addIdentifiedByColumn(ScanReport report, List<String[]> rows) {
        Map<String, String> identified = identifiedBy(report);
        if (identified.isEmpty()) {
            return;
        }
        for (int i = 0; i < rows.size(); i++) {
            String[] r = java.util.Arrays.copyOf(rows.get(i), rows.get(i).length + 1);
            if (i == 0) {
                r[r.length - 1] = "IDENTIFIED BY";
            } else {
                Finding f = report.findings().get(i - 1);
                r[r.length - 1] = identified.getOrDefault(findingKey(f), "-");
            }
            rows.set(i, r);
        }
    }

    /** How each finding's package was identified, by package name, version and layer (Java archives only). */
    static Map<String, String> identifiedBy(ScanReport report) {
        Map<String, String> out = new java.util.HashMap<>();
        for (InstalledPackage p : report.packages()) {
            if (p.identifiedBy() != null) {
                out.putIfAbsent(p.name() + "|" + p.version() + "|" + p.layerDigest(), p.identifiedBy());
            }
        }
        return out;
    }

    private static String findingKey(Finding f) {
        return f.packageName() + "|" + f.installedVersion() + "|" + f.layerDigest();
    }

    static String summaryText(ScanReport report) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Severity, Integer> e : report.severitySummary().entrySet()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(e.getKey().label()).append(' ').append(e.getValue());
        }
        return sb.toString();
    }

    private static String shortDigest(String digest) {
        if (digest == null) {
            return "-";
        }
        int colon = digest.indexOf(':');
        String hex = colon >= 0 ? digest.substring(colon + 1) : digest;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    /**
     * Harbor's report shape ({@code vulnerabilities[{id, package, version, fix_version, severity, description, links,
     * preferred_cvss, cwe_ids, vendor_attributes}]}) plus {@code severity_source} and the inventory.
     */
    static void json(ScanReport report, String image, PrintStream out) {
        JsonArrayBuilder vulns = JsonSupport.PROVIDER.createArrayBuilder();
        Map<String, String> identified = identifiedBy(report);
        for (Finding f : report.findings()) {
            JsonObjectBuilder v = JsonSupport.PROVIDER.createObjectBuilder()
                    .add("id", f.vulnerabilityId())
                    .add("package", f.packageName())
                    .add("version", f.installedVersion())
                    .add("fix_version", f.fixedVersion() == null ? "" : f.fixedVersion())
                    .add("severity", f.severity().label())
                    .add("description", f.description() == null ? "" : f.description())
                    .add("links", JsonSupport.PROVIDER.createArrayBuilder(f.links()))
                    .add("aliases", JsonSupport.PROVIDER.createArrayBuilder(f.aliases()))
                    .add("ecosystem", f.ecosystem())
                    .add("layer", f.layerDigest());
            addIfPresent(v, "identified_by", identified.get(findingKey(f)));
            HarborCvss.addTo(v, f);
            vulns.add(v);
        }
        JsonObjectBuilder summary = JsonSupport.PROVIDER.createObjectBuilder();
        report.severitySummary().forEach((s, n) -> summary.add(s.label(), n));
        summary.add("Total", report.findings().size());
        JsonArrayBuilder packages = JsonSupport.PROVIDER.createArrayBuilder();
        for (InstalledPackage p : report.packages()) {
            JsonObjectBuilder b = JsonSupport.PROVIDER.createObjectBuilder().add("name", p.name()).add("version", p.version())
                    .add("type", p.type()).add("location", p.location()).add("layer", p.layerDigest());
            addIfPresent(b, "ecosystem", p.ecosystem());
            addIfPresent(b, "source", p.sourceName());
            addIfPresent(b, "source_version", p.sourceVersion());
            addIfPresent(b, "identified_by", p.identifiedBy());
            packages.add(b);
        }
        Severity highest = report.highestSeverity();
        JsonObject doc = JsonSupport.PROVIDER.createObjectBuilder()
                .add("generated_at", Instant.now().toString())
                .add("artifact", JsonSupport.PROVIDER.createObjectBuilder().add("path", image))
                .add("scanner", JsonSupport.PROVIDER.createObjectBuilder().add("name", "Wharf embedded scanner")
                        .add("vendor", "Wharf").add("version", "0.1.0"))
                .add("os", report.osRelease() == null ? "" : report.osRelease())
                .add("severity", highest == null ? "None" : highest.label())
                .add("summary", summary)
                .add("vulnerabilities", vulns)
                .add("packages", packages)
                .build();
        out.println(pretty(doc));
    }

    /** A CycloneDX 1.5 JSON SBOM of the packages found, with package URLs. */
    public static void cyclonedx(ScanReport report, String image, PrintStream out) {
        JsonArrayBuilder components = JsonSupport.PROVIDER.createArrayBuilder();
        for (InstalledPackage p : report.packages()) {
            String purl = purl(p, report.osRelease());
            JsonArrayBuilder properties = JsonSupport.PROVIDER.createArrayBuilder()
                    .add(property("wharf:location", p.location()))
                    .add(property("wharf:layer", p.layerDigest()));
            if (p.identifiedBy() != null) {
                properties.add(property("wharf:identified-by", p.identifiedBy()));
            }
            components.add(JsonSupport.PROVIDER.createObjectBuilder()
                    .add("type", "library")
                    .add("bom-ref", purl + "#" + p.location())
                    .add("name", p.name())
                    .add("version", p.version())
                    .add("purl", purl)
                    .add("properties", properties));
        }
        JsonObject doc = JsonSupport.PROVIDER.createObjectBuilder()
                .add("bomFormat", "CycloneDX")
                .add("specVersion", "1.5")
                .add("version", 1)
                .add("metadata", JsonSupport.PROVIDER.createObjectBuilder()
                        .add("timestamp", Instant.now().toString())
                        .add("tools", JsonSupport.PROVIDER.createObjectBuilder().add("components", JsonSupport.PROVIDER.createArrayBuilder()
                                .add(JsonSupport.PROVIDER.createObjectBuilder().add("type", "application")
                                        .add("name", "wharf-scanner").add("version", "0.1.0"))))
                        .add("component", JsonSupport.PROVIDER.createObjectBuilder().add("type", "container").add("name", image)))
                .add("components", components)
                .build();
        out.println(pretty(doc));
    }

    private static JsonObjectBuilder property(String name, String value) {
        return JsonSupport.PROVIDER.createObjectBuilder().add("name", name).add("value", value == null ? "" : value);
    }

    static String purl(InstalledPackage p, String osRelease) {
        String version = enc(p.version());
        String distro = osRelease == null ? null : osRelease.toLowerCase(Locale.ROOT).replace(":", "-");
        return switch (p.type()) {
            case "dpkg" -> "pkg:deb/" + (osRelease != null && osRelease.startsWith("Ubuntu") ? "ubuntu" : "debian")
                    + "/" + enc(p.name()) + "@" + version + (distro == null ? "" : "?distro=" + distro);
            case "apk" -> "pkg:apk/alpine/" + enc(p.name()) + "@" + version
                    + (distro == null ? "" : "?distro=" + distro.replace("alpine-v", ""));
            case "maven" -> {
                String[] ga = p.name().split(":", 2);
                yield "pkg:maven/" + enc(ga[0]) + "/" + enc(ga.length > 1 ? ga[1] : "") + "@" + version;
            }
            case "npm" -> {
                String name = p.name();
                yield name.startsWith("@") && name.contains("/")
                        ? "pkg:npm/" + enc(name.substring(0, name.indexOf('/'))) + "/" + enc(name.substring(name.indexOf('/') + 1)) + "@" + version
                        : "pkg:npm/" + enc(name) + "@" + version;
            }
            case "gobinary" -> "pkg:golang/" + Arrays.stream(p.name().split("/")).map(ReportWriter::enc)
                    .collect(Collectors.joining("/")) + "@" + (p.version().startsWith("v") ? "" : "v") + version;
            case "rpm" -> rpmPurl(p, osRelease);
            case "pypi" -> "pkg:pypi/" + enc(PypiNames.normalise(p.name())) + "@" + version;
            default -> "pkg:generic/" + enc(p.name()) + "@" + version;
        };
    }

    /** {@code pkg:rpm/almalinux/openssl-libs@3.0.7-16.el9?arch=x86_64&epoch=1}: the epoch is a qualifier, not version. */
    private static String rpmPurl(InstalledPackage p, String osRelease) {
        String evr = p.version();
        String epoch = null;
        int colon = evr.indexOf(':');
        if (colon > 0 && evr.substring(0, colon).chars().allMatch(Character::isDigit)) {
            epoch = evr.substring(0, colon);
            evr = evr.substring(colon + 1);
        }
        String family = p.ecosystem() != null ? p.ecosystem() : osRelease;
        family = family == null ? "" : family.split(":")[0];
        String namespace = switch (family) {
            case "Red Hat" -> "redhat";
            case "Rocky Linux" -> "rocky";
            case "Amazon Linux" -> "amazon";
            case "Oracle Linux" -> "oracle";
            case "" -> "generic";
            default -> family.toLowerCase(Locale.ROOT).replace(" ", "");
        };
        StringBuilder purl = new StringBuilder("pkg:rpm/").append(namespace).append('/').append(enc(p.name()))
                .append('@').append(enc(evr));
        String arch = p.attributes().get("arch");
        String sep = "?";
        if (arch != null) {
            purl.append(sep).append("arch=").append(enc(arch));
            sep = "&";
        }
        if (epoch != null) {
            purl.append(sep).append("epoch=").append(epoch);
        }
        return purl.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void addIfPresent(JsonObjectBuilder b, String key, String value) {
        if (value != null) {
            b.add(key, value);
        }
    }

    private static String pretty(JsonObject doc) {
        JsonWriterFactory factory = JsonSupport.PROVIDER.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));
        StringWriter sw = new StringWriter();
        try (JsonWriter w = factory.createWriter(sw)) {
            w.writeObject(doc);
        }
        return sw.toString().strip();
    }
}
