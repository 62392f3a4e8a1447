package io.wharf.scanner.vulndb;

import java.sql.SQLException;
import java.util.List;

/** Where the parse of one document puts what it found: records, Debian source packages, and warnings. */
interface DocumentSink {
    void store(ParsedRecord record) throws SQLException;

    void storeSources(List<DebianTrackerParser.SourcePackage> packages) throws SQLException;

    void warn(String label, String problem);
}
