package io.wharf.scan;

import io.wharf.scanner.FeedSource;
import io.wharf.scanner.UpdateOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where the vulnerability data comes from and how fresh it must be. Every value is a MicroProfile
 * Config property (environment: {@code VULNDB_SOURCES}, {@code VULNDB_MAX_AGE}, ...). An empty
 * source list turns the updater off (air-gapped installations import archives instead).
 */
@ApplicationScoped
public class VulnDbSettings {
    private static final String OSV = "https://osv-vulnerabilities.storage.googleapis.com/";
    private static final String ALPINE = "https://secdb.alpinelinux.org/";
    private static final String NVD = "https://nvd.nist.gov/feeds/json/cve/2.0/";

    /** The real public locations, as {@code name=url} entries. */
    public static final List<String> DEFAULT_SOURCES = defaults();

    @Inject @ConfigProperty(name = "vulndb.sources")
    Optional<String> sources;

    @Inject @ConfigProperty(name = "vulndb.update.cron", defaultValue = "0 0 */6 * * *")
    String updateCron;

    @Inject @ConfigProperty(name = "vulndb.max_age", defaultValue = "7d")
    String maxAge;

    @Inject @ConfigProperty(name = "vulndb.data.dir")
    Optional<String> dataDir;

    @Inject @ConfigProperty(name = "wharf.home")
    Optional<String> home;

    @Inject @ConfigProperty(name = "vulndb.max_file_mb", defaultValue = "2048")
    long maxFileMb;

    @Inject @ConfigProperty(name = "vulndb.download.timeout.seconds", defaultValue = "600")
    long timeoutSeconds;

    @Inject @ConfigProperty(name = "vulndb.nvd.api_key")
    Optional<String> nvdApiKey;

    public List<FeedSource> sources() {
        return parse(sources.orElse(String.join(",", DEFAULT_SOURCES)));
    }

    public boolean updaterOn() { return !sources().isEmpty(); }

    public String updateCron() { return updateCron; }

    public Duration maxAge() { return parseDuration(maxAge); }

    public UpdateOptions options() {
        Path dir = dataDir.filter(s -> !s.isBlank()).map(Path::of)
                .orElseGet(() -> Path.of(home.filter(s -> !s.isBlank()).orElse(System.getProperty("java.io.tmpdir")), "vulndb-feeds"));
        Map<String, String> headers = new LinkedHashMap<>();
        nvdApiKey.filter(k -> !k.isBlank()).ifPresent(k -> headers.put("apiKey", k));
        return new UpdateOptions(dir, Math.max(1, maxFileMb) * 1024 * 1024, Duration.ofSeconds(Math.max(1, timeoutSeconds)), headers);
    }

    /**
     * {@code name=url} entries separated by commas or whitespace; a bare URL is named after its
     * host and path. Blank turns the updater off.
     *
     * @throws IllegalArgumentException naming the entry that is not an http(s) URL
     */
    public static List<FeedSource> parse(String list) {
        List<FeedSource> result = new ArrayList<>();
        if (list == null) return result;
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

    /** {@code 7d}, {@code 36h}, {@code 90m} or an ISO-8601 duration ({@code P7D}). */
    public static Duration parseDuration(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) return Duration.parse(t.toUpperCase(Locale.ROOT));
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 'd' -> Duration.ofDays(n);
                case 'h' -> Duration.ofHours(n);
                case 'm' -> Duration.ofMinutes(n);
                case 's' -> Duration.ofSeconds(n);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("vulndb.max_age: '" + text + "' is not a duration such as 7d, 36h or P7D");
        }
    }

    private static List<String> defaults() {
        List<String> list = new ArrayList<>();
        for (String[] eco : new String[][] {{"maven", "Maven"}, {"npm", "npm"}, {"pypi", "PyPI"}, {"go", "Go"},
                {"debian", "Debian"}, {"ubuntu", "Ubuntu"}, {"almalinux", "AlmaLinux"}, {"rocky", "Rocky%20Linux"},
                {"alpine", "Alpine"}}) {
            list.add("osv-" + eco[0] + "=" + OSV + eco[1] + "/all.zip");
        }
        for (String release : List.of("v3.18", "v3.19", "v3.20", "v3.21", "v3.22")) {
            list.add("alpine-" + release + "-main=" + ALPINE + release + "/main.json");
            list.add("alpine-" + release + "-community=" + ALPINE + release + "/community.json");
        }
        list.add("debian-tracker=https://security-tracker.debian.org/tracker/data/json");
        list.add("nvd-modified=" + NVD + "nvdcve-2.0-modified.json.gz");
        for (int year = 2002; year <= java.time.Year.now(java.time.ZoneOffset.UTC).getValue(); year++) list.add("nvd-" + year + "=" + NVD + "nvdcve-2.0-" + year + ".json.gz");
        return List.copyOf(list);
    }
}
