package io.wharf.scanner.analyzer;

import io.wharf.scanner.JsonSupport;
import io.wharf.scanner.PypiNames;
import jakarta.json.JsonException;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Pipenv's {@code Pipfile.lock}: the packages of {@code default} and {@code develop}, each
 * {@code "name": {"version": "==1.2.3", ...}}. Entries without a pinned version (editable, path or VCS
 * installs) are left out. Read as a stream; names are PEP 503-normalised.
 */
public final class PipfileLockAnalyzer implements Analyzer {
    @Override
    public boolean accepts(String path) {
        return LockFiles.hasFileName(path, "Pipfile.lock") && LockFiles.isApplicationLockFile(path);
    }

    @Override
    public FileFacts analyze(String path, InputStream content, long size) throws IOException {
        List<FoundPackage> out = new ArrayList<>();
        try (JsonParser p = JsonSupport.PROVIDER.createParser(LockFiles.unclosable(content))) {
            if (!p.hasNext() || p.next() != Event.START_OBJECT) {
                return FileFacts.NOTHING;
            }
            while (p.next() == Event.KEY_NAME) {
                String section = p.getString();
                Event value = p.next();
                if ((section.equals("default") || section.equals("develop")) && value == Event.START_OBJECT) {
                    readSection(p, path, out);
                } else {
                    JsonSupport.skipValue(p, value);
                }
            }
        } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
            throw new IOException("malformed Pipfile.lock: " + e.getMessage(), e);
        }
        return FileFacts.of(LockFiles.distinct(out));
    }

    private static void readSection(JsonParser p, String path, List<FoundPackage> out) {
        while (p.next() == Event.KEY_NAME) {
            String name = p.getString();
            Event value = p.next();
            if (value != Event.START_OBJECT) {
                JsonSupport.skipValue(p, value);
                continue;
            }
            String version = null;
            while (p.next() == Event.KEY_NAME) {
                String key = p.getString();
                Event v = p.next();
                if (key.equals("version") && v == Event.VALUE_STRING) {
                    version = p.getString();
                } else {
                    JsonSupport.skipValue(p, v);
                }
            }
            if (version != null && version.startsWith("==")) {
                String pinned = version.substring(version.startsWith("===") ? 3 : 2).strip();
                if (!pinned.isEmpty() && !pinned.contains("*")) {
                    out.add(new FoundPackage(PypiNames.normalise(name), pinned, FoundPackage.PYPI, null, null, path));
                }
            }
        }
    }
}
