package io.wharf.scanner.layer;

import io.wharf.scanner.analyzer.Analyzer;
import io.wharf.scanner.analyzer.FileFacts;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads one layer in a single pass over its tar stream. Nothing is written to disk; a file's bytes are only
 * read when an analyzer asks for that path, and the tar stream skips the rest.
 */
public final class LayerReader {
    private static final Logger LOG = Logger.getLogger(LayerReader.class.getName());
    static final String WHITEOUT_PREFIX = ".wh.";
    static final String OPAQUE_MARKER = ".wh..wh..opq";
    /** Reused to read past the data of entries nobody analyses. */
    static final int SKIP_BUFFER = 64 * 1024;

    private final List<Analyzer> analyzers;

    public LayerReader(List<Analyzer> analyzers) {
        this.analyzers = List.copyOf(analyzers);
    }

    /** Reads the layer; the caller closes {@code raw}. */
    public LayerInventory read(String digest, InputStream raw) throws IOException {
        return read(digest, raw, false);
    }

    /**
     * Reads the layer; the caller closes {@code raw}. With {@code readAhead} the layer is decompressed in a thread
     * of its own while this one walks the tar and runs the analyzers (worth it for large layers on more than one
     * core; the result is the same).
     */
    public LayerInventory read(String digest, InputStream raw, boolean readAhead) throws IOException {
        InputStream decompressed = LayerStreams.decompressed(raw);
        if (!readAhead) {
            return walk(digest, decompressed);
        }
        try (InputStream ahead = new ReadAheadInputStream(decompressed, digest)) {
            return walk(digest, ahead);
        }
    }

    private LayerInventory walk(String digest, InputStream decompressed) throws IOException {
        Map<String, FileFacts> files = new LinkedHashMap<>();
        List<String> whiteouts = new ArrayList<>();
        List<String> opaqueDirs = new ArrayList<>();
        TarArchiveInputStream tar = new TarArchiveInputStream(decompressed);
        byte[] skipBuffer = new byte[SKIP_BUFFER];
        TarArchiveEntry entry;
        while ((entry = nextEntry(tar, skipBuffer)) != null) {
            String path = normalise(entry.getName());
            if (path.isEmpty() || entry.isDirectory()) {
                continue;
            }
            int slash = path.lastIndexOf('/');
            String dir = slash >= 0 ? path.substring(0, slash) : "";
            String base = path.substring(slash + 1);
            if (base.equals(OPAQUE_MARKER)) {
                opaqueDirs.add(dir);
                continue;
            }
            if (base.startsWith(WHITEOUT_PREFIX)) {
                String deleted = base.substring(WHITEOUT_PREFIX.length());
                whiteouts.add(dir.isEmpty() ? deleted : dir + "/" + deleted);
                continue;
            }
            Analyzer analyzer = analyzerFor(path);
            if (analyzer == null) {
                Analyzer executables = entry.isFile() ? executableAnalyzerFor(path, entry.getMode()) : null;
                if (executables != null) {
                    FileFacts facts = analyse(executables, digest, path, tar, entry.getSize());
                    if (!facts.packages().isEmpty()) {
                        files.put(path, facts);
                    }
                }
                continue;
            }
            if (!entry.isFile()) {
                // A link or device at an analysed path still replaces whatever the layers below had there.
                files.put(path, FileFacts.NOTHING);
                continue;
            }
            files.put(path, analyse(analyzer, digest, path, tar, entry.getSize()));
        }
        return new LayerInventory(digest, files, whiteouts, opaqueDirs);
    }

    /**
     * The next entry, after reading what is left of the current one through {@code skipBuffer}. Commons Compress
     * would skip it itself, but through Commons IO's skip, which allocates a new 8 KiB array for every 8 KiB
     * skipped: for a base layer that is over a hundred megabytes of garbage, and each of those small reads costs a
     * call down the stream stack. The bytes consumed are the same.
     */
    private static TarArchiveEntry nextEntry(TarArchiveInputStream tar, byte[] skipBuffer) throws IOException {
        TarArchiveEntry current = tar.getCurrentEntry();
        if (current != null && current.isFile()) {
            while (tar.read(skipBuffer, 0, skipBuffer.length) > 0) {
                // discard
            }
        }
        return tar.getNextEntry();
    }

    private static FileFacts analyse(Analyzer analyzer, String digest, String path, InputStream content, long size) {
        try {
            return analyzer.analyze(path, content, size);
        } catch (IOException | RuntimeException e) {
            // One unreadable file (a corrupt jar, a broken package.json) must not fail the whole scan.
            LOG.log(Level.WARNING, "layer {0}: cannot analyse {1}: {2}", new Object[] {digest, path, e.getMessage()});
            return FileFacts.NOTHING;
        }
    }

    private Analyzer analyzerFor(String path) {
        for (Analyzer a : analyzers) {
            if (a.accepts(path)) {
                return a;
            }
        }
        return null;
    }

    /** An analyzer that wants this executable (or other file) by its mode though none accepts its path. */
    private Analyzer executableAnalyzerFor(String path, int mode) {
        for (Analyzer a : analyzers) {
            if (a.acceptsExecutable(path, mode)) {
                return a;
            }
        }
        return null;
    }

    /** Tar names come as {@code ./etc/x}, {@code /etc/x} or {@code etc/x}; directories may end with a slash. */
    static String normalise(String name) {
        String p = name;
        while (p.startsWith("./") || p.startsWith("/")) {
            p = p.startsWith("./") ? p.substring(2) : p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.equals(".") ? "" : p;
    }
}
