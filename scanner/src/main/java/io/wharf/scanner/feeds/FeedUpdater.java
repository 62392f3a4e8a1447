package io.wharf.scanner.feeds;

import io.wharf.scanner.FeedSource;
import io.wharf.scanner.ImportResult;
import io.wharf.scanner.ScannerException;
import io.wharf.scanner.SourceUpdate;
import io.wharf.scanner.UpdateOptions;
import io.wharf.scanner.UpdateResult;
import io.wharf.scanner.vulndb.GenerationLock;
import io.wharf.scanner.vulndb.VulnImporter;
import io.wharf.scanner.vulndb.VulnStore;
import java.io.IOException;
import java.net.ProxySelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Downloads each source (conditionally), checks the file, imports it into a new generation and swaps that in;
 * a source that fails keeps its current data, records why, and backs off (5 minutes, doubling up to 6 hours).
 * Sources are handled one after the other, each swapped as soon as it is ready.
 */
public final class FeedUpdater {
    private static final Logger LOG = Logger.getLogger(FeedUpdater.class.getName());
    static final Duration FIRST_BACKOFF = Duration.ofMinutes(5);
    static final Duration MAX_BACKOFF = Duration.ofHours(6);

    private final VulnStore store;
    private final ProxySelector proxies;

    public FeedUpdater(VulnStore store, ProxySelector proxies) {
        this.store = store;
        this.proxies = proxies;
    }

    /** The wait before the next attempt after {@code failures} consecutive failures (1 = the first). */
    public static Duration backoff(int failures) {
        Duration d = FIRST_BACKOFF;
        for (int i = 1; i < failures && d.compareTo(MAX_BACKOFF) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    public UpdateResult update(List<FeedSource> sources, UpdateOptions options, Consumer<String> log) {
        Consumer<String> out = line -> {
            String safe = redactSecrets(line, options.headers());
            LOG.info(safe);
            if (log != null) {
                log.accept(safe);
            }
        };
        Path folder;
        try {
            folder = Files.createDirectories(options.dataDir().toAbsolutePath().normalize().resolve("feeds"));
        } catch (IOException e) {
            throw new ScannerException("cannot create the download folder " + options.dataDir() + ": " + e.getMessage(), e);
        }
        Downloader downloader = new Downloader(proxies, options.timeout(), options.headers(), options.maxBytesPerFile());
        List<SourceUpdate> results = new ArrayList<>();
        GenerationLock.LOCK.lock();
        try {
            GenerationLock.purgeQuietly(store);
            for (FeedSource source : sources) {
                results.add(updateOne(source, options, downloader, folder, out));
            }
            GenerationLock.purgeQuietly(store);
            long generation;
            try (Connection c = store.connection()) {
                generation = Long.parseLong(store.dataStamp(c));
            } catch (SQLException e) {
                throw new ScannerException("cannot read the data generation: " + e.getMessage(), e);
            }
            return new UpdateResult(results, generation);
        } finally {
            GenerationLock.LOCK.unlock();
            downloader.close();
        }
    }

    private SourceUpdate updateOne(FeedSource source, UpdateOptions options, Downloader downloader, Path folder,
                                   Consumer<String> log) {
        String name = source.name();
        String url = source.url().toString();
        Optional<VulnStore.SourceRow> row;
        try {
            row = store.sourceRow(name);
        } catch (SQLException e) {
            throw new ScannerException("cannot read vuln_source: " + e.getMessage(), e);
        }
        int currentRecords = currentRecords(name);
        Instant notBefore = row.map(VulnStore.SourceRow::nextAttemptAfter).orElse(null);
        if (!options.force() && notBefore != null && Instant.now().isBefore(notBefore)) {
            String why = "backing off after " + row.get().failures() + " failed attempt(s) until " + notBefore;
            log.accept(name + ": skipped, " + why);
            return new SourceUpdate(name, SourceUpdate.SKIPPED, currentRecords, why);
        }
        // Only data we still hold may be revalidated: a new URL or no current generation means a full download.
        boolean conditional = row.isPresent() && row.get().generation() > 0 && url.equals(row.get().url());
        Path download = folder.resolve(name + ".download");
        long generation = 0;
        try {
            log.accept(name + ": downloading " + Downloader.redact(source.url()));
            Downloader.Result fetched = downloader.fetch(source.url(), conditional ? row.get().etag() : null,
                    conditional ? row.get().lastModified() : null, download);
            if (fetched.status() == 304) {
                store.recordAttempt(name, url, null, null);
                log.accept(name + ": not modified, keeping " + currentRecords + " records");
                return new SourceUpdate(name, SourceUpdate.NOT_MODIFIED, currentRecords, null);
            }
            log.accept(name + ": downloaded " + fetched.bytes() + " bytes, checking and importing");
            Path ready = DownloadCheck.prepare(download, options.maxBytesPerFile());
            long g = store.allocateGeneration();
            generation = g;
            ImportResult imported = new VulnImporter(store, new VulnStore.Target() {
                @Override
                public long generationFor(Connection c, String parserSource) {
                    return g;
                }

                @Override
                public boolean fresh() {
                    return true;
                }
            }).write(List.of(ready));
            if (!imported.warnings().isEmpty()) {
                log.accept(name + ": " + imported.warnings().size() + " file(s) skipped, first: "
                        + imported.warnings().get(0));
            }
            if (imported.total() == 0) {
                throw new IOException("no vulnerability record recognised in the download"
                        + (imported.warnings().isEmpty() ? "" : " (" + imported.warnings().get(0) + ")"));
            }
            log.accept(name + ": imported " + imported.total() + " records, swapping them in");
            store.flip(List.of(new VulnStore.Flip(name, g, url, fetched.etag(), fetched.lastModified(), Instant.now())),
                    false);
            generation = 0;
            int records = currentRecords(name);
            log.accept(name + ": updated, " + records + " records (" + fetched.bytes() + " bytes downloaded)");
            return new SourceUpdate(name, SourceUpdate.UPDATED, records, null);
        } catch (IOException | SQLException | RuntimeException e) {
            String error = redactSecrets(e.getMessage() == null ? e.toString() : e.getMessage(), options.headers());
            if (generation > 0) {
                store.discard(generation);
            }
            int failures = row.map(VulnStore.SourceRow::failures).orElse(0) + 1;
            Instant next = Instant.now().plus(backoff(failures));
            try {
                store.recordAttempt(name, url, error, next);
            } catch (SQLException recordFailed) {
                LOG.warning(name + ": cannot record the failure: " + recordFailed.getMessage());
            }
            log.accept(name + ": failed, keeping the current " + currentRecords + " records: " + error
                    + " (next attempt after " + next + ")");
            return new SourceUpdate(name, SourceUpdate.FAILED, currentRecords, error);
        } finally {
            deleteDownloads(folder, name);
        }
    }

    private int currentRecords(String name) {
        return store.sourceStatuses().stream().filter(s -> s.name().equals(name)).mapToInt(s -> s.records())
                .findFirst().orElse(0);
    }

    private static void deleteDownloads(Path folder, String name) {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(name + ".download")).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            LOG.warning("cannot delete the downloads of " + name + ": " + e.getMessage());
        }
    }

    /** Replaces every header value (an API key) that would otherwise appear in a message. */
    static String redactSecrets(String message, Map<String, String> headers) {
        String out = message;
        for (String value : headers.values()) {
            if (value != null && value.length() >= 4) {
                out = out.replace(value, "***");
            }
        }
        return out;
    }
}
