package io.wharf.scanner.analyzer;

import io.wharf.scanner.PypiNames;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code poetry.lock}: each {@code [[package]]} table's {@code name} and {@code version}. Poetry writes these as
 * one-line basic strings, so the TOML is read line by line (bounded memory) rather than parsed whole; keys inside
 * the package's sub-tables ({@code [package.dependencies]}, ...) are not the package's own. A package whose
 * {@code [package.source]} is a local {@code directory} or {@code file} is not from an index and is left out.
 */
public final class PoetryLockAnalyzer implements Analyzer {
    @Override
    public boolean accepts(String path) {
        return LockFiles.hasFileName(path, "poetry.lock") && LockFiles.isApplicationLockFile(path);
    }

    @Override
    public FileFacts analyze(String path, InputStream content, long size) throws IOException {
        BoundedLineReader lines = new BoundedLineReader(content, LockFiles.MAX_LINE_BYTES);
        List<FoundPackage> out = new ArrayList<>();
        String table = "";
        String name = null;
        String version = null;
        boolean local = false;
        String line;
        while ((line = lines.next()) != null) {
            String l = line.strip();
            if (l.startsWith("[")) {
                if (l.equals("[[package]]")) {
                    add(name, version, local, path, out);
                    name = null;
                    version = null;
                    local = false;
                }
                table = l;
                continue;
            }
            int eq = l.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = l.substring(0, eq).strip();
            String value = string(l.substring(eq + 1).strip());
            if (table.equals("[[package]]") && key.equals("name")) {
                name = value;
            } else if (table.equals("[[package]]") && key.equals("version")) {
                version = value;
            } else if (table.equals("[package.source]") && key.equals("type")) {
                local = "directory".equals(value) || "file".equals(value);
            }
        }
        add(name, version, local, path, out);
        return FileFacts.of(LockFiles.distinct(out));
    }

    private static void add(String name, String version, boolean local, String path, List<FoundPackage> out) {
        if (name != null && version != null && !name.isEmpty() && !version.isEmpty() && !local) {
            out.add(new FoundPackage(PypiNames.normalise(name), version, FoundPackage.PYPI, null, null, path));
        }
    }

    /** A TOML basic ({@code "x"}) or literal ({@code 'x'}) string; null for anything else. */
    private static String string(String value) {
        if (value.length() >= 2) {
            char q = value.charAt(0);
            int end = value.indexOf(q, 1);
            if ((q == '"' || q == '\'') && end > 0) {
                return value.substring(1, end);
            }
        }
        return null;
    }
}
