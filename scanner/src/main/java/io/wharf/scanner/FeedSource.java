package io.wharf.scanner;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One place the updater downloads vulnerability data from: an OSV {@code all.zip}, an Alpine secdb release file, the
 * Debian security tracker's JSON, an NVD CVE JSON 2.0 file (plain or gzipped). The format is recognised from the
 * content, as for imports.
 *
 * @param name what the data is called in the database and the logs ({@code osv-maven}, {@code alpine-v3.20-main});
 *             letters, digits, {@code . _ -}
 * @param url  {@code https} (plain {@code http} only for local mirrors)
 */
public record FeedSource(String name, URI url) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    public FeedSource {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("feed name must be letters, digits, '.', '_' or '-': " + name);
        }
        if (url == null || !("https".equals(url.getScheme()) || "http".equals(url.getScheme()))) {
            throw new IllegalArgumentException("feed " + name + ": URL must be https: " + url);
        }
    }

    /** OSV ecosystems published as {@code <ecosystem>/all.zip}, with the feed names used for them. */
    private static final String[][] OSV = {{"Maven", "maven"}, {"npm", "npm"}, {"PyPI", "pypi"}, {"Go", "go"},
        {"Debian", "debian"}, {"Ubuntu", "ubuntu"}, {"AlmaLinux", "almalinux"}, {"Rocky%20Linux", "rocky-linux"},
        {"Alpine", "alpine"}};

    /**
     * The public locations Wharf downloads from by default: OSV's per-ecosystem archives, the Alpine secdb of the
     * given releases ({@code v3.20}...; main and community), the Debian security tracker's JSON, and NVD's CVE JSON
     * 2.0 feeds of the given years plus its "modified" feed.
     */
    public static List<FeedSource> defaults(List<String> alpineReleases, int firstNvdYear, int lastNvdYear) {
        List<FeedSource> out = new ArrayList<>();
        for (String[] e : OSV) {
            out.add(new FeedSource("osv-" + e[1],
                    URI.create("https://osv-vulnerabilities.storage.googleapis.com/" + e[0] + "/all.zip")));
        }
        for (String release : alpineReleases) {
            for (String repo : List.of("main", "community")) {
                out.add(new FeedSource("alpine-" + release + "-" + repo,
                        URI.create("https://secdb.alpinelinux.org/" + release + "/" + repo + ".json")));
            }
        }
        out.add(new FeedSource("debian-tracker", URI.create("https://security-tracker.debian.org/tracker/data/json")));
        for (int year = firstNvdYear; year <= lastNvdYear; year++) {
            out.add(new FeedSource("nvd-" + year,
                    URI.create("https://nvd.nist.gov/feeds/json/cve/2.0/nvdcve-2.0-" + year + ".json.gz")));
        }
        out.add(new FeedSource("nvd-modified",
                URI.create("https://nvd.nist.gov/feeds/json/cve/2.0/nvdcve-2.0-modified.json.gz")));
        return out;
    }
}
