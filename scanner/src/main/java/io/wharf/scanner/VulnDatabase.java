package io.wharf.scanner;

import io.wharf.scanner.archive.ArchiveExporter;
import io.wharf.scanner.archive.ArchiveImporter;
import io.wharf.scanner.feeds.EnvProxySelector;
import io.wharf.scanner.feeds.FeedUpdater;
import io.wharf.scanner.vulndb.GenerationLock;
import io.wharf.scanner.vulndb.VulnImporter;
import io.wharf.scanner.vulndb.VulnStore;
import java.net.ProxySelector;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The vulnerability database, kept in the application's own database (tables {@code vuln_*}, created on first
 * use; Apache Derby and PostgreSQL are supported). Data is held in generations: every import or update writes a new
 * generation of the sources it changes and swaps it in in one step, so a scan sees the data before or after, never a
 * mix, and a failed update leaves the data as it was.
 */
public final class VulnDatabase {
    private final VulnStore store;
    private volatile ProxySelector proxies;

    public VulnDatabase(DataSource dataSource) {
        this.store = new VulnStore(dataSource);
    }

    /**
     * Imports OSV records (JSON files, folders of them, OSV {@code all.zip}), Alpine secdb documents (JSON or YAML)
     * and Debian security tracker data ({@code vuln-list-debian} layout), NVD CVE records, the SHA-1 index that
     * identifies jars without Maven metadata ({@code sha1 groupId artifactId version} lines, or a Maven repository
     * index as Maven Central publishes it; counted as {@code maven-sha1}), or an archive written by
     * {@link #exportTo} (recognised by its content; it then replaces the whole database). Formats are recognised
     * from the content; folders are walked recursively. A record that does not parse is skipped with a warning;
     * re-importing a record replaces it. The new data becomes visible to scans in one step, at the end.
     *
     * @throws ScannerException when the database itself fails, or an export archive is damaged
     */
    public ImportResult importFrom(List<Path> paths) {
        List<Path> archives = paths.stream().filter(ArchiveImporter::isArchive).toList();
        List<Path> others = new ArrayList<>(paths);
        others.removeAll(archives);
        if (archives.isEmpty()) {
            return new VulnImporter(store).importFrom(paths);
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (Path archive : archives) {
            ImportResult r = importArchive(archive);
            counts.putAll(r.counts());
        }
        if (!others.isEmpty()) {
            ImportResult r = new VulnImporter(store).importFrom(others);
            r.counts().forEach((k, v) -> counts.merge(k, v, Integer::sum));
            warnings.addAll(r.warnings());
        }
        return new ImportResult(counts, warnings);
    }

    /** Each source with the time it was last imported and its number of records. */
    public List<SourceStatus> status() {
        return store.sourceStatuses();
    }

    /** The current generation, whether any record is there, the data's age, and every source's status. */
    public DatabaseState state() {
        try (Connection c = store.connection()) {
            VulnStore.View view = store.view(c);
            return new DatabaseState(view.stamp(), view.empty(), view.updatedAt(), store.sourceStatuses());
        } catch (SQLException e) {
            throw new ScannerException("cannot read the vulnerability database state: " + e.getMessage(), e);
        }
    }

    /**
     * Downloads the sources (conditional requests; through the proxy of {@code https_proxy}/{@code no_proxy}),
     * and swaps each one's new data in as soon as it is checked and imported. A source that fails keeps its data,
     * records the error and is skipped (backing off) until its next attempt time unless {@code options.force()}.
     * An empty list does nothing. {@code log} receives one line per step, never a header value.
     */
    public UpdateResult update(List<FeedSource> sources, UpdateOptions options, Consumer<String> log) {
        ProxySelector p = proxies != null ? proxies : EnvProxySelector.fromEnvironment();
        return new FeedUpdater(store, p).update(sources, options, log);
    }

    /** The proxy choice for {@link #update} (default: from the environment, read at each update). */
    public void setProxySelector(ProxySelector selector) {
        this.proxies = selector;
    }

    /** Writes the whole current database as one {@code .tar.gz} with a manifest (sources, update times, counts, SHA-256). */
    public ExportManifest exportTo(Path archive) {
        return new ArchiveExporter(store).export(archive);
    }

    /**
     * Imports an archive of {@link #exportTo}: checksums verified, every source in it swapped in at once; sources not
     * in it are dropped (the archive is the whole database). A damaged archive changes nothing.
     *
     * @return records per source
     * @throws ScannerException naming the problem
     */
    public ImportResult importArchive(Path archive) {
        return new ArchiveImporter(store).importArchive(archive);
    }

    /**
     * How long the rows of replaced data are kept for scans that started before the swap (default 10 minutes);
     * applies to every database object in this JVM.
     */
    public static void setRetiredDataGrace(Duration grace) {
        GenerationLock.setGrace(grace);
    }

    VulnStore store() {
        return store;
    }
}
