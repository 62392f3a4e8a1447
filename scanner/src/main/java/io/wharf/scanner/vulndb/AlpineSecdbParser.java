package io.wharf.scanner.vulndb;

import io.wharf.scanner.JsonSupport;
import io.wharf.scanner.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alpine secdb release documents ({@code distroversion}, {@code reponame}, {@code packages[].pkg.secfixes}), JSON or
 * YAML. {@code secfixes} maps a fixed version to the ids it fixes; the key {@code "0"} lists ids the branch was
 * never affected by, so they produce no rows. An entry may hold several tokens ({@code "CVE-2018-5244 XSA-253"}):
 * each CVE token is a vulnerability, the other tokens its aliases. Each package of a document is one record, keyed
 * {@code <distroversion>/<reponame>/<package>}.
 */
public final class AlpineSecdbParser {
    public static final String SOURCE = "alpine";

    private AlpineSecdbParser() {
    }

    static boolean looksLikeSecdb(Object doc) {
        return doc instanceof Map<?, ?> m && m.containsKey("distroversion") && m.containsKey("packages");
    }

    public static List<ParsedRecord> parse(Map<?, ?> doc) {
        String release = text(doc.get("distroversion"));
        String repo = doc.get("reponame") == null ? "main" : text(doc.get("reponame"));
        if (release == null || release.isBlank()) {
            throw new IllegalArgumentException("secdb document without distroversion");
        }
        if (!(doc.get("packages") instanceof List<?> packages)) {
            throw new IllegalArgumentException("secdb document without a packages list");
        }
        List<ParsedRecord> out = new ArrayList<>();
        for (Object item : packages) {
            if (!(item instanceof Map<?, ?> wrapper) || !(wrapper.get("pkg") instanceof Map<?, ?> pkg)) {
                continue;
            }
            String name = text(pkg.get("name"));
            if (name == null) {
                continue;
            }
            String key = release + "/" + repo + "/" + name;
            Map<String, VulnRecord> records = new LinkedHashMap<>();
            List<AffectedRow> rows = new ArrayList<>();
            if (pkg.get("secfixes") instanceof Map<?, ?> secfixes) {
                for (Map.Entry<?, ?> fix : secfixes.entrySet()) {
                    String fixed = text(fix.getKey());
                    if (fixed == null || fixed.equals("0") || !(fix.getValue() instanceof List<?> ids)) {
                        continue;
                    }
                    for (Object token : ids) {
                        addFix(release, key, name, fixed, text(token), records, rows);
                    }
                }
            }
            out.add(new ParsedRecord(SOURCE, key, new ArrayList<>(records.values()), rows));
        }
        return out;
    }

    private static void addFix(String release, String key, String pkg, String fixed, String entry,
                               Map<String, VulnRecord> records, List<AffectedRow> rows) {
        if (entry == null || entry.isBlank()) {
            return;
        }
        String[] tokens = entry.trim().split("\\s+");
        List<String> ids = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (String t : tokens) {
            (t.startsWith("CVE-") ? ids : others).add(t);
        }
        if (ids.isEmpty()) {
            ids.add(others.remove(0));
        }
        String ranges = JsonSupport.PROVIDER.createObjectBuilder()
                .add("ranges", JsonSupport.PROVIDER.createArrayBuilder().add(JsonSupport.PROVIDER.createObjectBuilder().add("type", "ECOSYSTEM")
                        .add("events", JsonSupport.PROVIDER.createArrayBuilder()
                                .add(JsonSupport.PROVIDER.createObjectBuilder().add("introduced", "0"))
                                .add(JsonSupport.PROVIDER.createObjectBuilder().add("fixed", fixed)))))
                .add("versions", JsonSupport.PROVIDER.createArrayBuilder()).build().toString();
        for (String id : ids) {
            records.putIfAbsent(id, new VulnRecord(SOURCE, id, "", null, Severity.UNKNOWN, null, null, others,
                    List.of("https://security.alpinelinux.org/vuln/" + id), null));
            rows.add(new AffectedRow(SOURCE, key, id, "Alpine", release, pkg, AffectedRow.OSV_RANGES, null, null,
                    Severity.UNKNOWN, ranges));
        }
    }

    private static String text(Object o) {
        return o == null ? null : o.toString().trim();
    }
}
