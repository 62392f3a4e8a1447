package io.wharf.scanner;

import io.wharf.scanner.vulndb.VulnImporter;
import io.wharf.scanner.vulndb.VulnStore;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;

/**
 * The vulnerability database, kept in the application's own database (tables {@code vuln_*}, created on first
 * use; Apache Derby and PostgreSQL are supported).
 */
public final class VulnDatabase {
    private final VulnStore store;

    public VulnDatabase(DataSource dataSource) {
        this.store = new VulnStore(dataSource);
    }

    /**
     * Imports OSV records (JSON files, folders of them, OSV {@code all.zip}), Alpine secdb documents (JSON or YAML)
     * and Debian security tracker data ({@code vuln-list-debian} layout). Formats are recognised from the content;
     * folders are walked recursively. A record that does not parse is skipped with a warning; re-importing a
     * record replaces it.
     *
     * @throws ScannerException when the database itself fails
     */
    public ImportResult importFrom(List<Path> paths) {
        return new VulnImporter(store).importFrom(paths);
    }

    /** Each source with the time it was last imported and its number of records. */
    public List<SourceStatus> status() {
        return store.sourceStatuses();
    }

    VulnStore store() {
        return store;
    }

    // STUBS (server branch only): replaced by the feeds branch.
    public UpdateResult update(List<FeedSource> sources, UpdateOptions options, java.util.function.Consumer<String> log) {
        throw new UnsupportedOperationException("stub");
    }

    public ExportManifest exportTo(Path archive) {
        throw new UnsupportedOperationException("stub");
    }

    public ImportResult importArchive(Path archive) {
        return importFrom(List.of(archive));
    }

    public DatabaseState state() {
        List<SourceStatus> s = status();
        java.time.Instant oldest = s.stream().map(SourceStatus::lastUpdated).min(java.time.Instant::compareTo).orElse(null);
        return new DatabaseState(store.generation(), s.stream().allMatch(x -> x.records() == 0), oldest, s);
    }
}
