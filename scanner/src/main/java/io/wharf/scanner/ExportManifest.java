package io.wharf.scanner;

import java.time.Instant;
import java.util.List;

/**
 * The {@code manifest.json} of an export archive ({@link VulnDatabase#exportTo}).
 *
 * @param format     {@value #FORMAT}
 * @param exportedAt when the archive was written
 * @param generation the exporting database's generation
 * @param sources    one entry per source, with its data file in the archive
 */
public record ExportManifest(String format, Instant exportedAt, long generation, List<Source> sources) {
    public static final String FORMAT = "wharf-vulndb-export/1";

    public ExportManifest {
        sources = List.copyOf(sources);
    }

    /**
     * @param file        the entry holding its rows (JSON lines)
     * @param lastSuccess when the exporting server last fetched it (kept on import: the data's age stays honest)
     * @param records     records, as {@link SourceStatus#records()}
     * @param rows        lines in {@code file}
     * @param sha256      of {@code file}'s bytes, hex
     */
    public record Source(String name, String url, Instant lastSuccess, int records, long rows, String file,
                         String sha256) {
    }

    public int totalRecords() {
        return sources.stream().mapToInt(Source::records).sum();
    }
}
