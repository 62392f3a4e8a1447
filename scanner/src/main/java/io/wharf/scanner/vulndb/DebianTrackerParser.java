package io.wharf.scanner.vulndb;

import io.wharf.scanner.Severity;
import io.wharf.scanner.severity.DebianUrgency;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian security tracker data in aquasecurity's {@code vuln-list-debian} layout.
 * <ul>
 * <li>{@code CVE/**}{@code /CVE-*.json}: one tracker entry, {@code {"Header":{...},"Annotations":[...]}}. Every
 * package annotation becomes a row: a {@code [release]} line keeps its release code name, the unstable line
 * (no release) is stored as release {@code sid}. The urgency of the unstable line is the package's severity.</li>
 * <li>{@code DSA/}, {@code DLA/}: advisories; each {@code [release] - pkg version} line becomes a fixed row for
 * every CVE in the advisory's {@code {CVE-...}} list, kept under the advisory's own id so that re-importing the
 * CVE file does not drop it.</li>
 * <li>{@code source/<release>/**} and {@code updates-source/<release>/**}: a release's source package version,
 * used when only unstable has a fix.</li>
 * </ul>
 * Which row wins for a release is decided when matching, see {@code io.wharf.scanner.match.DebianTrackerResolver}.
 */
public final class DebianTrackerParser {
    public static final String SOURCE = "debian";
    /** Key under which imported release source-package versions are counted. */
    public static final String SOURCES_COUNT_KEY = "debian-sources";
    static final String SID = "sid";
    private static final Pattern URL = Pattern.compile("https?://\\S+");

    private DebianTrackerParser() {
    }

    static boolean looksLikeEntry(JsonObject o) {
        return o.containsKey("Header") && o.containsKey("Annotations");
    }

    static boolean looksLikeSourcePackage(JsonObject o) {
        return o.containsKey("Package") && o.containsKey("Version") && !o.containsKey("Header");
    }

    public static ParsedRecord parseEntry(JsonObject o) {
        JsonObject header = Json.object(o, "Header");
        String id = Json.string(header, "ID");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("tracker entry without Header.ID");
        }
        String description = cleanDescription(Json.string(header, "Description"));
        List<JsonObject> annotations = Json.objects(Json.array(o, "Annotations"));
        boolean advisory = id.startsWith("DSA-") || id.startsWith("DLA-") || id.startsWith("DTSA-");
        return advisory ? advisory(id, description, annotations) : cve(id, description, annotations);
    }

    private static ParsedRecord cve(String id, String description, List<JsonObject> annotations) {
        Map<String, String> urgencyByPackage = new HashMap<>();
        Set<String> aliases = new LinkedHashSet<>();
        List<String> links = new ArrayList<>();
        links.add("https://security-tracker.debian.org/tracker/" + id);
        for (JsonObject a : annotations) {
            String type = Json.string(a, "Type");
            if ("package".equals(type) && release(a).equals(SID) && Json.string(a, "Severity") != null) {
                urgencyByPackage.putIfAbsent(Json.string(a, "Package"), Json.string(a, "Severity"));
            } else if ("xref".equals(type)) {
                aliases.addAll(Json.strings(Json.array(a, "Bugs")));
            } else if ("NOTE".equals(type) && Json.string(a, "Description") != null) {
                Matcher m = URL.matcher(Json.string(a, "Description"));
                while (m.find()) {
                    links.add(m.group());
                }
            }
        }
        List<AffectedRow> rows = new ArrayList<>();
        for (JsonObject a : annotations) {
            String pkg = Json.string(a, "Package");
            if (!"package".equals(Json.string(a, "Type")) || pkg == null) {
                continue;
            }
            String urgency = Json.string(a, "Severity") != null ? Json.string(a, "Severity") : urgencyByPackage.get(pkg);
            rows.add(new AffectedRow(SOURCE, id, id, "Debian", release(a), pkg, AffectedRow.DEBIAN_TRACKER,
                    Json.string(a, "Kind"), Json.string(a, "Version"), DebianUrgency.toSeverity(urgency), null));
        }
        VulnRecord record = new VulnRecord(SOURCE, id, description, null, Severity.UNKNOWN, null, null,
                new ArrayList<>(aliases), links, null);
        return new ParsedRecord(SOURCE, id, List.of(record), rows);
    }

    private static ParsedRecord advisory(String id, String description, List<JsonObject> annotations) {
        List<String> cves = new ArrayList<>();
        for (JsonObject a : annotations) {
            if ("xref".equals(Json.string(a, "Type"))) {
                cves.addAll(Json.strings(Json.array(a, "Bugs")));
            }
        }
        List<String> vulnIds = cves.isEmpty() ? List.of(id) : cves;
        List<AffectedRow> rows = new ArrayList<>();
        for (JsonObject a : annotations) {
            String pkg = Json.string(a, "Package");
            if (!"package".equals(Json.string(a, "Type")) || pkg == null) {
                continue;
            }
            for (String vulnId : vulnIds) {
                rows.add(new AffectedRow(SOURCE, id, vulnId, "Debian", release(a), pkg, AffectedRow.DEBIAN_TRACKER,
                        Json.string(a, "Kind"), Json.string(a, "Version"), Severity.UNKNOWN, null));
            }
        }
        VulnRecord record = new VulnRecord(SOURCE, id, description, null, Severity.UNKNOWN, null, null, cves,
                List.of("https://security-tracker.debian.org/tracker/" + id), null);
        return new ParsedRecord(SOURCE, id, List.of(record), rows);
    }

    private static String release(JsonObject annotation) {
        String r = Json.string(annotation, "Release");
        return r == null || r.isBlank() ? SID : r;
    }

    /** "(There is a type confusion ...)" and "[Incorrectly handled ...]" lose their brackets. */
    static String cleanDescription(String d) {
        if (d == null) {
            return "";
        }
        String s = d.strip();
        if (s.length() >= 2 && ((s.startsWith("(") && s.endsWith(")")) || (s.startsWith("[") && s.endsWith("]")))) {
            s = s.substring(1, s.length() - 1).strip();
        }
        return s;
    }

    /** A source package stanza ({@code {"Package":["openssl"],"Version":["3.0.17-1~deb12u2"],...}}). */
    public record SourcePackage(String release, String name, String version) {
    }

    /** The release is the path segment after {@code source} or {@code updates-source}. */
    public static List<SourcePackage> parseSourcePackages(JsonObject stanza, String label) {
        String release = releaseFromPath(label);
        if (release == null) {
            throw new IllegalArgumentException("source package record outside a source/<release>/ folder");
        }
        List<String> names = Json.strings(Json.array(stanza, "Package"));
        List<String> versions = Json.strings(Json.array(stanza, "Version"));
        if (names.isEmpty() || versions.isEmpty()) {
            throw new IllegalArgumentException("source package record without Package or Version");
        }
        return List.of(new SourcePackage(release, names.get(0), versions.get(0)));
    }

    /** For old vuln-list layouts where one Sources.json holds an array of stanzas. */
    public static List<SourcePackage> parseSourcePackages(JsonArray stanzas, String label) {
        List<SourcePackage> out = new ArrayList<>();
        for (JsonObject o : Json.objects(stanzas)) {
            if (looksLikeSourcePackage(o)) {
                out.addAll(parseSourcePackages(o, label));
            }
        }
        return out;
    }

    static String releaseFromPath(String label) {
        List<String> parts = new ArrayList<>();
        for (Path p : Path.of(label.replace('!', '/'))) {
            parts.add(p.toString());
        }
        for (int i = parts.size() - 2; i >= 0; i--) {
            if (parts.get(i).equals("source") || parts.get(i).equals("updates-source")) {
                return parts.get(i + 1);
            }
        }
        return null;
    }
}
