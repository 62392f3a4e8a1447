package io.wharf.scanner.vulndb;

import java.util.List;

/** One importable unit: re-importing the same {@code (source, recordKey)} replaces it. */
public record ParsedRecord(String source, String recordKey, List<VulnRecord> records, List<AffectedRow> rows) {
    public ParsedRecord {
        records = List.copyOf(records);
        rows = List.copyOf(rows);
    }
}
