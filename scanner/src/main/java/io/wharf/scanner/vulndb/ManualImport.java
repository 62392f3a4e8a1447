package io.wharf.scanner.vulndb;

import io.wharf.scanner.ImportResult;
import io.wharf.scanner.ScannerException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code vulndb import PATH...}: adds records to what earlier imports left, as before generations, but through a new
 * generation per parser source ({@code osv}, {@code alpine}, {@code debian}, {@code debian-sources}) that starts as a
 * copy of that source's current rows. Scans see the sources' old data until all of them are swapped in one step.
 */
final class ManualImport implements VulnStore.Target {
    private final VulnStore store;
    private final Map<String, Long> generations = new LinkedHashMap<>();

    private ManualImport(VulnStore store) {
        this.store = store;
    }

    static ImportResult run(VulnStore store, List<Path> paths) {
        ManualImport target = new ManualImport(store);
        GenerationLock.LOCK.lock();
        try {
            ImportResult result;
            try {
                result = new VulnImporter(store, target).write(paths);
            } catch (RuntimeException e) {
                target.generations.values().forEach(store::discard);
                throw e;
            }
            List<VulnStore.Flip> flips = new ArrayList<>();
            for (Map.Entry<String, Long> e : target.generations.entrySet()) {
                flips.add(new VulnStore.Flip(e.getKey(), e.getValue(), null, null, null, Instant.now()));
            }
            if (!flips.isEmpty()) {
                try {
                    store.flip(flips, false);
                } catch (SQLException e) {
                    target.generations.values().forEach(store::discard);
                    throw new ScannerException("vulnerability import failed: " + e.getMessage(), e);
                }
            }
            GenerationLock.purgeQuietly(store);
            return result;
        } finally {
            GenerationLock.LOCK.unlock();
        }
    }

    @Override
    public long generationFor(Connection c, String parserSource) throws SQLException {
        Long known = generations.get(parserSource);
        if (known != null) {
            return known;
        }
        long g = store.allocateGeneration();
        generations.put(parserSource, g);
        long current = store.sourceRow(parserSource).map(VulnStore.SourceRow::generation).orElse(0L);
        if (current > 0) {
            store.copyGeneration(c, current, g);
        }
        return g;
    }
}
