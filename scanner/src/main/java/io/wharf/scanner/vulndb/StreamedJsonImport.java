package io.wharf.scanner.vulndb;

import io.wharf.scanner.JsonSupport;
import io.wharf.scanner.version.VersionSchemes;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Documents too large to hold as a tree, read with JSON-P's streaming parser one entry at a time: the NVD's feeds
 * (an API response {@code {"vulnerabilities":[{"cve":{...}}],...}}, the NVD 2.0 yearly feeds and fkie-cad's
 * {@code {"cve_items":[{...}]}}, 300 MB and more, also gzip'd) and the Debian security tracker's JSON export
 * (about 70 MB). Only one entry is in memory at a time; the format is recognised from the first events of the
 * document, not from the file name.
 */
public final class StreamedJsonImport {
    /**
     * How much of a file the format is recognised from: the envelope keys of an NVD response or feed and the first
     * package of the tracker's document come first; every .json file is sniffed, so keep it small.
     */
    private static final int SNIFF_BYTES = 16 << 10;
    private static final Pattern TRACKER_ID = Pattern.compile("(CVE|TEMP|DSA|DLA)-.*");
    private static final Set<String> NVD_LISTS = Set.of("vulnerabilities", "cve_items");

    /** The documents read this way. */
    public enum Kind { NVD_FEED, DEBIAN_TRACKER_JSON }

    /** Where entries go; every call is one complete entry, so a failure leaves nothing half stored. */
    public interface Sink {
        /** Replaces a record and its rows. */
        void store(ParsedRecord record) throws SQLException;

        /** Adds rows to a record stored earlier in this import. */
        void addRows(ParsedRecord record) throws SQLException;

        void distroPackage(String release, String name, String version) throws SQLException;

        void warn(String problem);
    }

    private StreamedJsonImport() {
    }

    /** The kind of a {@code .json} or {@code .json.gz} file, or null when it is to be read as one record document. */
    public static Kind sniff(Path file) throws IOException {
        byte[] prefix;
        try (InputStream in = open(file)) {
            prefix = in.readNBytes(SNIFF_BYTES);
        }
        try (JsonParser p = JsonSupport.PROVIDER.createParser(new ByteArrayInputStream(prefix))) {
            if (!p.hasNext() || p.next() != Event.START_OBJECT) {
                return null;
            }
            while (p.hasNext()) {
                if (p.next() != Event.KEY_NAME) {
                    return null;
                }
                String key = p.getString();
                Event value = p.next();
                if (value == Event.START_ARRAY && NVD_LISTS.contains(key)) {
                    return Kind.NVD_FEED;
                }
                if (value == Event.START_OBJECT) {
                    Event inner = p.next();
                    if (inner == Event.KEY_NAME && TRACKER_ID.matcher(p.getString()).matches() && p.next() == Event.START_OBJECT) {
                        return Kind.DEBIAN_TRACKER_JSON;
                    }
                    return null; // an object of some record: read as a whole
                }
                JsonSupport.skipValue(p, value);
            }
        } catch (JsonException | IllegalStateException | NoSuchElementException e) {
            // a prefix cut inside the first entries, or not JSON: the whole-document path will say what is wrong
        }
        return null;
    }

    /** The file's bytes, gunzipped when it ends in {@code .gz}. */
    public static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
            try {
                return new GZIPInputStream(in, 1 << 16);
            } catch (IOException e) {
                in.close();
                throw e;
            }
        }
        return in;
    }

    /** Reads a document of the given kind into the sink; a document that stops parsing ends with a warning. */
    public static void read(Kind kind, InputStream in, Sink sink) throws SQLException {
        try (JsonParser p = JsonSupport.PROVIDER.createParser(in)) {
            if (!p.hasNext() || p.next() != Event.START_OBJECT) {
                sink.warn("not a JSON object");
                return;
            }
            if (kind == Kind.NVD_FEED) {
                readNvd(p, sink);
            } else {
                readDebian(p, sink);
            }
        } catch (JsonException | IllegalStateException | NoSuchElementException e) {
            sink.warn("does not parse: " + e.getMessage());
        }
    }

    private static void readNvd(JsonParser p, Sink sink) throws SQLException {
        int index = 0;
        while (p.hasNext()) {
            Event e = p.next();
            if (e == Event.END_OBJECT) {
                return;
            }
            String key = p.getString();
            Event value = p.next();
            if (value == Event.START_ARRAY && NVD_LISTS.contains(key)) {
                for (Event ev = p.next(); ev != Event.END_ARRAY; ev = p.next()) {
                    if (ev != Event.START_OBJECT) {
                        JsonSupport.skipValue(p, ev);
                        continue;
                    }
                    JsonObject item = p.getObject();
                    try {
                        sink.store(NvdParser.parse(item));
                    } catch (IllegalArgumentException | ClassCastException ex) {
                        sink.warn(key + "[" + index + "]: " + ex.getMessage());
                    }
                    index++;
                }
            } else {
                JsonSupport.skipValue(p, value);
            }
        }
    }

    private static void readDebian(JsonParser p, Sink sink) throws SQLException {
        Set<String> seen = new HashSet<>();
        while (p.next() == Event.KEY_NAME) {
            String pkg = p.getString();
            Event value = p.next();
            if (value != Event.START_OBJECT) {
                JsonSupport.skipValue(p, value);
                continue;
            }
            Map<String, String> versions = new TreeMap<>();
            while (p.next() == Event.KEY_NAME) {
                String id = p.getString();
                Event entryStart = p.next();
                if (entryStart != Event.START_OBJECT) {
                    JsonSupport.skipValue(p, entryStart);
                    continue;
                }
                JsonObject entry = p.getObject();
                try {
                    ParsedRecord record = DebianTrackerJsonParser.parse(pkg, id, entry);
                    if (seen.add(id)) {
                        sink.store(record);
                    } else {
                        sink.addRows(record);
                    }
                    for (DebianTrackerParser.SourcePackage s : DebianTrackerJsonParser.sourceVersions(pkg, entry)) {
                        versions.merge(s.release(), s.version(),
                                (a, b) -> VersionSchemes.DPKG.compare(a, b) >= 0 ? a : b);
                    }
                } catch (IllegalArgumentException | ClassCastException ex) {
                    sink.warn(pkg + "/" + id + ": " + ex.getMessage());
                }
            }
            for (Map.Entry<String, String> v : versions.entrySet()) {
                sink.distroPackage(v.getKey(), pkg, v.getValue());
            }
        }
    }
}
