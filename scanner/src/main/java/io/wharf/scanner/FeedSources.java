package io.wharf.scanner;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The feeds the updater reads: the real public locations by default, or a list an installation
 * sets ({@code VULNDB_SOURCES}: a local mirror, fewer ecosystems, or nothing at all).
 */
public final class FeedSources {
    private static final String OSV = "https://osv-vulnerabilities.storage.googleapis.com/";
    private static final String ALPINE = "https://secdb.alpinelinux.org/";
    private static final String NVD = "https://nvd.nist.gov/feeds/json/cve/2.0/";

    /** Values that turn the updater off (an empty value cannot: configuration treats it as unset). */
    private static final java.util.Set<String> OFF = java.util.Set.of("", "none", "off");

    private FeedSources() {
    }

    /** OSV's per-ecosystem archives, Alpine's secdb, the Debian tracker's JSON and the NVD's CVE 2.0 feeds. */
    public static List<FeedSource> defaults() {
        return parse(String.join(",", defaultEntries()));
    }

    /**
     * {@code name=url} entries separated by commas or whitespace; a bare URL is named after its
     * host and path. Blank turns the updater off.
     *
     * @throws IllegalArgumentException naming the entry that is not an http(s) URL
     */
    public static List<FeedSource> parse(String list) {
        List<FeedSource> result = new ArrayList<>();
        if (list == null || OFF.contains(list.trim().toLowerCase(Locale.ROOT))) return result;
        for (String entry : list.trim().split("[,\\s]+")) {
            if (entry.isBlank()) continue;
            int eq = entry.indexOf('=');
            boolean named = eq > 0 && !entry.substring(0, eq).contains("/");
            String name = named ? entry.substring(0, eq) : null;
            String url = named ? entry.substring(eq + 1) : entry;
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("vulndb.sources: not a URL: " + entry);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
                throw new IllegalArgumentException("vulndb.sources: not an http(s) URL: " + entry);
            }
            if (name == null) name = (uri.getHost() + uri.getPath()).replaceAll("[^A-Za-z0-9.]+", "-").replaceAll("-+$", "");
            result.add(new FeedSource(name, uri));
        }
        return result;
    }

    private static List<String> defaultEntries() {
        List<String> list = new ArrayList<>();
        for (String[] eco : new String[][] {{"maven", "Maven"}, {"npm", "npm"}, {"pypi", "PyPI"}, {"go", "Go"},
                {"debian", "Debian"}, {"ubuntu", "Ubuntu"}, {"almalinux", "AlmaLinux"}, {"rocky", "Rocky%20Linux"},
                {"alpine", "Alpine"}}) {
            list.add("osv-" + eco[0] + "=" + OSV + eco[1] + "/all.zip");
        }
        for (String release : List.of("v3.18", "v3.19", "v3.20", "v3.21", "v3.22", "v3.23")) {
            list.add("alpine-" + release + "-main=" + ALPINE + release + "/main.json");
            list.add("alpine-" + release + "-community=" + ALPINE + release + "/community.json");
        }
        list.add("debian-tracker=https://security-tracker.debian.org/tracker/data/json");
        list.add("nvd-modified=" + NVD + "nvdcve-2.0-modified.json.gz");
        for (int year = 2002; year <= java.time.Year.now(java.time.ZoneOffset.UTC).getValue(); year++) {
            list.add("nvd-" + year + "=" + NVD + "nvdcve-2.0-" + year + ".json.gz");
        }
        return List.copyOf(list);
    }
}
