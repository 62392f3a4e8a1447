package io.wharf.scanner.vulndb;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the parse of one document found, kept in the order it was found so that the importing thread can hand it on
 * exactly as a parse on that thread would have (records, source packages and warnings interleaved as they came).
 */
final class ParsedDocument implements DocumentSink {
    private record Warning(String label, String problem) {
    }

    private record Sources(List<DebianTrackerParser.SourcePackage> packages) {
    }

    private final List<Object> outcomes = new ArrayList<>(2);

    @Override
    public void store(ParsedRecord record) {
        outcomes.add(record);
    }

    @Override
    public void storeSources(List<DebianTrackerParser.SourcePackage> packages) {
        outcomes.add(new Sources(packages));
    }

    @Override
    public void warn(String label, String problem) {
        outcomes.add(new Warning(label, problem));
    }

    void replayTo(DocumentSink sink) throws SQLException {
        for (Object o : outcomes) {
            if (o instanceof ParsedRecord r) {
                sink.store(r);
            } else if (o instanceof Sources s) {
                sink.storeSources(s.packages());
            } else {
                Warning w = (Warning) o;
                sink.warn(w.label(), w.problem());
            }
        }
    }
}
