package io.wharf.scan;

import io.wharf.scanner.FeedSource;
import io.wharf.scanner.FeedSources;
import io.wharf.scanner.UpdateOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
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
        // VULNDB_SOURCES set to nothing turns the updater off as "none" does; configuration alone
        // would read an empty value as unset and fall back to the defaults.
        if (sources.isEmpty() && System.getenv().containsKey("VULNDB_SOURCES")) return List.of();
        return sources.map(FeedSources::parse).orElseGet(FeedSources::defaults);
    }

    public boolean updaterOn() { return !sources().isEmpty(); }

    public String updateCron() { return updateCron; }

    public Duration maxAge() { return parseDuration(maxAge); }

    /** @param force try every source now, even one still backing off after failures (an update asked for by hand) */
    public UpdateOptions options(boolean force) {
        Path dir = dataDir.filter(s -> !s.isBlank()).map(Path::of)
                .orElseGet(() -> Path.of(home.filter(s -> !s.isBlank()).orElse(System.getProperty("java.io.tmpdir")), "vulndb-feeds"));
        Map<String, String> headers = new LinkedHashMap<>();
        nvdApiKey.filter(k -> !k.isBlank()).ifPresent(k -> headers.put("apiKey", k));
        return new UpdateOptions(dir, Math.max(1, maxFileMb) * 1024 * 1024, Duration.ofSeconds(Math.max(1, timeoutSeconds)), headers, force);
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

}
