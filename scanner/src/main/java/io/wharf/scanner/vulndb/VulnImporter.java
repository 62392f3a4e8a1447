package io.wharf.scanner.vulndb;

import io.wharf.scanner.JsonSupport;
import io.wharf.scanner.ImportResult;
import io.wharf.scanner.ScannerException;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Imports vulnerability data from files, folders (recursively) and zip archives (OSV {@code all.zip}). The format
 * of each file is recognised from its content, not its name: an OSV record (JSON, or YAML as the PyPA advisory
 * database writes it), an Alpine secdb document, a Debian tracker entry or source package. A file that does not
 * parse or is not recognised is skipped with a warning
 * that names it; the import goes on. Commits every {@value #BATCH} records so a large import stays cheap.
 */
public final class VulnImporter {
    private static final Logger LOG = Logger.getLogger(VulnImporter.class.getName());
    private static final int BATCH = 500;
    /** Largest single record file read into memory (OSV records are a few KB; Alpine documents under 1 MB). */
    private static final int MAX_RECORD_BYTES = 64 << 20;

    private final VulnStore store;
    /** Where the rows go: a feed's new generation, or copies of the current data (manual imports). */
    private final VulnStore.Target target;
    private final Map<String, Integer> counts = new TreeMap<>();
    private final List<String> warnings = new ArrayList<>();
    private Connection connection;
    private VulnStore.Writer writer;
    private int pending;
    /** Writer threads of a fresh generation (a feed's download); null when this thread writes everything itself. */
    private ParallelGenerationWriter lanes;
    /** The lanes of a fresh generation split by table: texts and Debian source packages, and affected rows. */
    private static final int TEXTS = 0;
    private static final int ROWS = 1;
    /** Record keys written so far (created with the first record written by table). */
    private SeenKeys seenKeys;
    /** Threads parsing documents while this one reads the next; null when this thread parses everything itself. */
    private ParallelDocumentParser parsers;
    /** What this thread does with a parsed document's outcome: stores it (or hands it to the writer threads). */
    private final DocumentSink direct = new DocumentSink() {
        @Override
        public void store(ParsedRecord record) throws SQLException {
            VulnImporter.this.store(record);
        }

        @Override
        public void storeSources(List<DebianTrackerParser.SourcePackage> packages) throws SQLException {
            VulnImporter.this.storeSources(packages);
        }

        @Override
        public void warn(String label, String problem) {
            VulnImporter.this.warn(label, problem);
        }
    };

    public VulnImporter(VulnStore store) {
        this(store, null);
    }

    public VulnImporter(VulnStore store, VulnStore.Target target) {
        this(store, target, ParallelGenerationWriter.defaultLanes());
    }

    /** @param laneCount writer threads for a fresh target (one per core by default) */
    VulnImporter(VulnStore store, VulnStore.Target target, int laneCount) {
        this(store, target, laneCount, ParallelDocumentParser.defaultParsers());
    }

    /** @param parserCount threads parsing documents (0: the importing thread parses them itself) */
    VulnImporter(VulnStore store, VulnStore.Target target, int laneCount, int parserCount) {
        this.store = store;
        this.target = target;
        this.laneCount = laneCount;
        this.parserCount = parserCount;
    }

    private final int laneCount;
    private final int parserCount;

    /** A manual import: a new generation of each source it touches, holding that source's data plus the import's. */
    public ImportResult importFrom(List<Path> paths) {
        return ManualImport.run(store, paths);
    }

    /**
     * Writes the records of {@code paths} into the target's generations (committed as it goes; invisible to scans
     * until the generations are made current by {@link VulnStore#flip}).
     */
    public ImportResult write(List<Path> paths) {
        try (Connection c = store.connection(); VulnStore.Writer w = store.writer(c, target)) {
            connection = c;
            writer = w;
            c.setAutoCommit(false);
            // a fresh generation is written by threads of their own while this one parses (no reader sees it yet)
            // two or more lanes: one writes the texts (vuln_record, vuln_distro_package), one the affected rows, see store
            try (ParallelGenerationWriter p = target != null && target.fresh() && laneCount > 0
                    ? new ParallelGenerationWriter(store, target, laneCount >= 2 ? 2 : 1) : null;
                 ParallelDocumentParser q = parserCount > 0 ? new ParallelDocumentParser(parserCount, direct) : null) {
                lanes = p;
                parsers = q;
                for (Path path : paths) {
                    importPath(path);
                }
                drainParsed();
                if (p != null) {
                    p.finish();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new ScannerException("vulnerability import failed: " + e.getMessage(), e);
        }
        return new ImportResult(counts, warnings);
    }

    private void importPath(Path path) throws SQLException {
        if (Files.isDirectory(path)) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(path)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            } catch (IOException e) {
                warnInOrder(path.toString(), "cannot list folder: " + e.getMessage());
                return;
            }
            for (Path f : files) {
                importFile(f);
            }
        } else if (Files.isRegularFile(path)) {
            importFile(path);
        } else {
            warnInOrder(path.toString(), "no such file or folder");
        }
    }

    private void importFile(Path file) throws SQLException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".zip")) {
            importZip(file);
            return;
        }
        if ((name.endsWith(".json") || name.endsWith(".json.gz")) && importStreamed(file)) {
            return;
        }
        if (!isDataFile(name) && MavenSha1Index.looksLikeIndex(file)) {
            drainParsed();
            importSha1Index(file);
            return;
        }
        if (!isDataFile(name)) {
            LOG.log(Level.FINE, "ignoring {0}: not a .json/.yaml file", file);
            return;
        }
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_RECORD_BYTES) {
                warnInOrder(file.toString(), "larger than " + MAX_RECORD_BYTES + " bytes");
                return;
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            warnInOrder(file.toString(), "cannot read: " + e.getMessage());
            return;
        }
        parse(file.toString(), name, bytes);
    }

    /** Parses a document on the parsing threads (its outcome is handed on in order), or on this thread. */
    private void parse(String label, String lowerName, byte[] bytes) throws SQLException {
        if (parsers == null) {
            importDocument(label, lowerName, bytes, direct);
        } else {
            parsers.submit(bytes.length, out -> importDocument(label, lowerName, bytes, out));
        }
    }

    /** A warning placed after the outcomes of the documents submitted before it, as a parse on one thread has it. */
    private void warnInOrder(String label, String problem) throws SQLException {
        if (parsers == null) {
            warn(label, problem);
        } else {
            parsers.submit(0, out -> out.warn(label, problem));
        }
    }

    /** Hands on every document parsed so far, before this thread writes anything itself. */
    private void drainParsed() throws SQLException {
        if (parsers != null) {
            parsers.drain();
        }
    }

    /** NVD feeds and the Debian tracker's JSON are streamed, whatever their size; false for other documents. */
    private boolean importStreamed(Path file) throws SQLException {
        String label = file.toString();
        drainParsed();
        try {
            StreamedJsonImport.Kind kind = StreamedJsonImport.sniff(file);
            if (kind == null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
                try (InputStream in = StreamedJsonImport.open(file)) {
                    byte[] bytes = in.readNBytes(MAX_RECORD_BYTES + 1);
                    if (bytes.length > MAX_RECORD_BYTES) {
                        warn(label, "larger than " + MAX_RECORD_BYTES + " bytes");
                    } else {
                        importDocument(label, ".json", bytes, direct);
                    }
                }
                return true;
            }
            if (kind == null) {
                return false;
            }
            try (InputStream in = StreamedJsonImport.open(file)) {
                StreamedJsonImport.read(kind, in, new StreamedJsonImport.Sink() {
                    @Override public void store(ParsedRecord r) throws SQLException { VulnImporter.this.store(r); }
                    @Override public void addRows(ParsedRecord r) throws SQLException {
                        if (lanes != null && lanes.laneCount() == 2) {
                            lanes.submitToLane(ROWS, w -> {
                                w.addRows(r.rows());
                                return r.rows().size();
                            });
                            return;
                        }
                        if (lanes != null) {
                            lanes.submit(r.source() + "|" + r.recordKey(), w -> {
                                w.addRows(r.rows());
                                return r.rows().size();
                            });
                            return;
                        }
                        writer.addRows(r.rows());
                        commitEveryBatch();
                    }
                    @Override public void distroPackage(String release, String name, String version) throws SQLException {
                        storeSources(List.of(new DebianTrackerParser.SourcePackage(release, name, version)));
                    }
                    @Override public void warn(String problem) { VulnImporter.this.warn(label, problem); }
                });
            }
        } catch (IOException e) {
            warn(label, "cannot read: " + e.getMessage());
        }
        return true;
    }

    private void importZip(Path file) throws SQLException {
        // each entry is read (inflated) here and parsed by the parsing threads while this thread reads the next
        // the JDK's zip reader opens an archive of 500,000 entries in milliseconds (Commons Compress: seconds of CPU
        // building every entry and its date before the first one is read); entries come in central directory order
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String name = e.getName().toLowerCase(Locale.ROOT);
                if (e.isDirectory() || !isDataFile(name)) {
                    continue;
                }
                String label = file + "!" + e.getName();
                if (e.getSize() > MAX_RECORD_BYTES) {
                    warnInOrder(label, "larger than " + MAX_RECORD_BYTES + " bytes");
                    continue;
                }
                byte[] bytes;
                try (InputStream in = zip.getInputStream(e)) {
                    bytes = in.readNBytes(MAX_RECORD_BYTES + 1); // the declared size may lie
                } catch (IOException ex) {
                    warnInOrder(label, "cannot read: " + ex.getMessage());
                    continue;
                }
                if (bytes.length > MAX_RECORD_BYTES) {
                    warnInOrder(label, "larger than " + MAX_RECORD_BYTES + " bytes");
                    continue;
                }
                parse(label, name, bytes);
            }
        } catch (IOException e) {
            warnInOrder(file.toString(), "not a readable zip archive: " + e.getMessage());
        }
    }

    private static boolean isDataFile(String lowerName) {
        return lowerName.endsWith(".json") || lowerName.endsWith(".yaml") || lowerName.endsWith(".yml");
    }

    /** Detects the format of one document and stores it; parse problems become warnings. */
    private static void importDocument(String label, String lowerName, byte[] bytes, DocumentSink out)
            throws SQLException {
        try {
            if (lowerName.endsWith(".json")) {
                importJson(label, bytes, out);
            } else {
                importYaml(label, bytes, out);
            }
        } catch (JsonException | IllegalArgumentException | ClassCastException
                 | org.yaml.snakeyaml.error.YAMLException e) {
            out.warn(label, "does not parse: " + e.getMessage());
        }
    }

    private static void importJson(String label, byte[] bytes, DocumentSink out) throws SQLException {
        JsonValue value;
        try (JsonReader reader = plainUtf8(bytes)
                ? JsonSupport.PROVIDER.createReader(new StringReader(new String(bytes, StandardCharsets.UTF_8)))
                : JsonSupport.PROVIDER.createReader(new ByteArrayInputStream(bytes))) {
            value = reader.readValue();
        }
        if (value.getValueType() == JsonValue.ValueType.ARRAY) {
            JsonArray array = value.asJsonArray();
            if (DebianTrackerParser.releaseFromPath(label) != null) {
                out.storeSources(DebianTrackerParser.parseSourcePackages(array, label));
                return;
            }
            for (JsonObject o : Json.objects(array)) {
                if (OsvParser.looksLikeOsv(o)) {
                    out.store(OsvParser.parse(o));
                }
            }
            return;
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            out.warn(label, "not a recognised vulnerability record");
            return;
        }
        JsonObject o = value.asJsonObject();
        if (o.containsKey("distroversion") && o.containsKey("packages")) {
            for (ParsedRecord r : AlpineSecdbParser.parse((Map<?, ?>) Json.toJava(o))) {
                out.store(r);
            }
        } else if (DebianTrackerParser.looksLikeEntry(o)) {
            out.store(DebianTrackerParser.parseEntry(o));
        } else if (DebianTrackerParser.looksLikeSourcePackage(o)) {
            out.storeSources(DebianTrackerParser.parseSourcePackages(o, label));
        } else if (NvdParser.looksLikeCve(NvdParser.unwrap(o))) {
            out.store(NvdParser.parse(o));
        } else if (OsvParser.looksLikeOsv(o)) {
            out.store(OsvParser.parse(o));
        } else if (!o.isEmpty() && o.values().stream().allMatch(VulnImporter::isDistributionEntry)) {
            // vuln-list-debian's distributions.json: code names are built in, nothing to store
            LOG.log(Level.FINE, "ignoring {0}: Debian distributions list", label);
        } else {
            out.warn(label, "not a recognised vulnerability record");
        }
    }

    /**
     * UTF-8 without a byte order mark, as OSV records are: read from a string, which costs less than the byte stream's
     * encoding detection and buffers (UTF-16/32 and a BOM still go through the detection).
     */
    private static boolean plainUtf8(byte[] bytes) {
        return bytes.length >= 2 && bytes[0] != 0 && bytes[1] != 0 && bytes[0] != (byte) 0xEF && bytes[0] != (byte) 0xFE
                && bytes[0] != (byte) 0xFF;
    }

    private static boolean isDistributionEntry(JsonValue v) {
        return v.getValueType() == JsonValue.ValueType.OBJECT && v.asJsonObject().containsKey("major-version");
    }

    private static void importYaml(String label, byte[] bytes, DocumentSink out) throws SQLException {
        Object doc = stringOnlyYaml().load(new String(bytes, StandardCharsets.UTF_8));
        if (AlpineSecdbParser.looksLikeSecdb(doc)) {
            for (ParsedRecord r : AlpineSecdbParser.parse((Map<?, ?>) doc)) {
                out.store(r);
            }
        } else if (looksLikeOsvYaml(doc)) {
            // the PyPA advisory database publishes OSV records as YAML
            out.store(OsvParser.parse(Json.fromJava(doc).asJsonObject()));
        } else {
            out.warn(label, "not a recognised vulnerability record");
        }
    }

    private static boolean looksLikeOsvYaml(Object doc) {
        return doc instanceof Map<?, ?> m && m.get("id") instanceof String && m.get("affected") instanceof List<?>;
    }

    /**
     * A YAML loader that keeps every scalar a string: secfixes keys such as {@code 0} or {@code 1.10} must stay the
     * version strings they are, not become an integer and a float.
     */
    private static Yaml stringOnlyYaml() {
        Resolver stringsOnly = new Resolver() {
            @Override
            protected void addImplicitResolvers() {
                // no implicit types
            }
        };
        LoaderOptions options = new LoaderOptions();
        return new Yaml(new SafeConstructor(options), new Representer(new org.yaml.snakeyaml.DumperOptions()),
                new org.yaml.snakeyaml.DumperOptions(), options, stringsOnly);
    }

    private void store(ParsedRecord r) throws SQLException {
        if (lanes != null && lanes.laneCount() == 2) {
            // Split by table, not by record: Derby's inserts into one table all go to its last page and wait for each
            // other's latch on it while each serialises its long texts into the log, so two threads writing the same
            // tables used little more than one core. Each lane keeps the order it is given: a record listed again
            // replaces its texts in the texts lane (on the duplicate key) and its rows in the rows lane (seen below).
            boolean again = seenKeys().add(r.source() + "|" + r.recordKey());
            if (!r.records().isEmpty()) {
                lanes.submitToLane(TEXTS, w -> {
                    w.insertTexts(r.source(), r.recordKey(), r.records());
                    return r.records().size();
                });
            }
            lanes.submitToLane(ROWS, w -> {
                if (again) {
                    w.deleteRows(r.source(), r.recordKey());
                }
                w.addRows(r.rows());
                return r.rows().size();
            });
            counts.merge(r.source(), 1, Integer::sum);
            return;
        }
        if (lanes != null) {
            lanes.submit(laneKey(r), w -> {
                w.replace(r.source(), r.recordKey(), r.records(), r.rows());
                return r.records().size() + r.rows().size();
            });
            counts.merge(r.source(), 1, Integer::sum);
            return;
        }
        writer.replace(r.source(), r.recordKey(), r.records(), r.rows());
        counts.merge(r.source(), 1, Integer::sum);
        commitEveryBatch();
    }

    private SeenKeys seenKeys() {
        if (seenKeys == null) {
            seenKeys = new SeenKeys();
        }
        return seenKeys;
    }

    /**
     * The key that picks a record's writer thread: its own key when it carries just its own text (OSV, NVD, Debian:
     * no other record writes that row), else its source's, so that records sharing vulnerability texts (Alpine's
     * packages name the same CVEs) are written by one thread, in order, and never wait for each other's locks.
     */
    private static String laneKey(ParsedRecord r) {
        boolean own = r.records().isEmpty()
                || r.records().size() == 1 && r.records().get(0).id().equals(r.recordKey());
        return own ? r.source() + "|" + r.recordKey() : r.source();
    }

    private void storeSources(List<DebianTrackerParser.SourcePackage> packages) throws SQLException {
        for (DebianTrackerParser.SourcePackage p : packages) {
            if (lanes != null) {
                ParallelGenerationWriter.Task put = w -> {
                    w.putDistroPackage(p.release(), p.name(), p.version());
                    return 1;
                };
                if (lanes.laneCount() == 2) {
                    lanes.submitToLane(TEXTS, put);
                    counts.merge(DebianTrackerParser.SOURCES_COUNT_KEY, 1, Integer::sum);
                    continue;
                }
                lanes.submit(DebianTrackerParser.SOURCES_COUNT_KEY + "|" + p.release() + "|" + p.name(), w -> {
                    w.putDistroPackage(p.release(), p.name(), p.version());
                    return 1;
                });
                counts.merge(DebianTrackerParser.SOURCES_COUNT_KEY, 1, Integer::sum);
                continue;
            }
            writer.putDistroPackage(p.release(), p.name(), p.version());
            counts.merge(DebianTrackerParser.SOURCES_COUNT_KEY, 1, Integer::sum);
            commitEveryBatch();
        }
    }

    /** A {@code sha1 groupId artifactId version} file; its malformed lines are skipped with one warning. */
    private void importSha1Index(Path file) throws SQLException {
        // a generation for the source, so the import's end records it (its rows live outside the generations)
        target.generationFor(connection, MavenSha1Index.SOURCE);
        try {
            MavenSha1Index.ImportedLines lines = MavenSha1Index.importFile(connection, file, () -> {
                counts.merge(MavenSha1Index.SOURCE, 1, Integer::sum);
                commitEveryBatch();
            });
            if (lines.malformed() > 0) {
                warn(file + " (" + lines.malformed() + " lines, the first at line " + lines.firstMalformedLine() + ")",
                        "not 'sha1 groupId artifactId version'");
            }
        } catch (IOException e) {
            warn(file.toString(), "cannot read: " + e.getMessage());
        }
    }

    private void commitEveryBatch() throws SQLException {
        if (++pending >= BATCH) {
            connection.commit();
            pending = 0;
        }
    }

    private void warn(String label, String problem) {
        String message = "skipped " + label + ": " + problem;
        warnings.add(message);
        LOG.warning(message);
    }
}
