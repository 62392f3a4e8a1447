package io.wharf.scanner.analyzer;

import io.wharf.scanner.JsonSupport;
import jakarta.json.JsonException;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * npm lock files left in an image, {@code package-lock.json} and {@code npm-shrinkwrap.json}: lockfile version 1
 * ({@code dependencies}, nested) and versions 2 and 3 ({@code packages} keyed by {@code node_modules/...} paths;
 * the root {@code ""} entry, workspace folders and {@code link: true} entries are not registry packages). A v2
 * file has both sections: {@code packages} is used. Read as a stream (lock files run to megabytes); lock files
 * under {@code node_modules} are dependencies' own and ignored.
 */
public final class NpmLockAnalyzer implements Analyzer {
    private static final String NODE_MODULES = "node_modules/";

    @Override
    public boolean accepts(String path) {
        return (LockFiles.hasFileName(path, "package-lock.json") || LockFiles.hasFileName(path, "npm-shrinkwrap.json"))
                && LockFiles.isApplicationLockFile(path);
    }

    @Override
    public FileFacts analyze(String path, InputStream content, long size) throws IOException {
        List<FoundPackage> fromPackages = new ArrayList<>();
        List<FoundPackage> fromDependencies = new ArrayList<>();
        boolean hasPackages = false;
        try (JsonParser p = JsonSupport.PROVIDER.createParser(LockFiles.unclosable(content))) {
            if (!p.hasNext() || p.next() != Event.START_OBJECT) {
                return FileFacts.NOTHING;
            }
            while (p.next() == Event.KEY_NAME) {
                String key = p.getString();
                Event value = p.next();
                if (key.equals("packages") && value == Event.START_OBJECT) {
                    hasPackages = true;
                    readPackages(p, path, fromPackages);
                } else if (key.equals("dependencies") && value == Event.START_OBJECT) {
                    readDependencies(p, path, fromDependencies);
                } else {
                    JsonSupport.skipValue(p, value);
                }
            }
        } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
            throw new IOException("malformed " + LockFiles.fileName(path) + ": " + e.getMessage(), e);
        }
        return FileFacts.of(LockFiles.distinct(hasPackages ? fromPackages : fromDependencies));
    }

    /** v2/v3: {@code "node_modules/a/node_modules/@s/b": {"version": ..., "name"?: ..., "link"?: true}}. */
    private static void readPackages(JsonParser p, String path, List<FoundPackage> out) {
        while (p.next() == Event.KEY_NAME) {
            String key = p.getString();
            Event value = p.next();
            if (value != Event.START_OBJECT) {
                JsonSupport.skipValue(p, value);
                continue;
            }
            Entry e = readEntry(p, null, null);
            int at = key.lastIndexOf(NODE_MODULES);
            if (at < 0 || e.link || e.version == null) {
                continue; // the project itself, a workspace folder, or a link to one
            }
            String name = e.name != null ? e.name : key.substring(at + NODE_MODULES.length());
            add(name, e.version, path, out);
        }
    }

    /** v1: {@code "name": {"version": ..., "dependencies": {...nested...}}}. */
    private static void readDependencies(JsonParser p, String path, List<FoundPackage> out) {
        while (p.next() == Event.KEY_NAME) {
            String name = p.getString();
            Event value = p.next();
            if (value != Event.START_OBJECT) {
                JsonSupport.skipValue(p, value);
                continue;
            }
            Entry e = readEntry(p, path, out);
            if (e.version != null) {
                add(name, e.version, path, out);
            }
        }
    }

    private static final class Entry {
        String version;
        String name;
        boolean link;
    }

    /** One package object; its nested v1 {@code dependencies} go to {@code nestedOut} when that is not null. */
    private static Entry readEntry(JsonParser p, String path, List<FoundPackage> nestedOut) {
        Entry e = new Entry();
        while (p.next() == Event.KEY_NAME) {
            String key = p.getString();
            Event value = p.next();
            if (key.equals("version") && value == Event.VALUE_STRING) {
                e.version = p.getString();
            } else if (key.equals("name") && value == Event.VALUE_STRING) {
                e.name = p.getString();
            } else if (key.equals("link")) {
                e.link = value == Event.VALUE_TRUE;
            } else if (key.equals("dependencies") && value == Event.START_OBJECT && nestedOut != null) {
                readDependencies(p, path, nestedOut);
            } else {
                JsonSupport.skipValue(p, value);
            }
        }
        return e;
    }

    /**
     * A registry version; an alias ({@code "npm:lodash@4.17.20"}) is the aliased package. Git, file and URL
     * dependencies have no registry version and are left out.
     */
    private static void add(String name, String version, String path, List<FoundPackage> out) {
        String n = name;
        String v = version;
        if (v.startsWith("npm:")) {
            int at = v.lastIndexOf('@');
            if (at <= 4) {
                return;
            }
            n = v.substring(4, at);
            v = v.substring(at + 1);
        }
        if (v.isEmpty() || !Character.isDigit(v.charAt(0)) || n.isBlank()) {
            return;
        }
        out.add(new FoundPackage(n, v, FoundPackage.NPM, null, null, path));
    }
}
