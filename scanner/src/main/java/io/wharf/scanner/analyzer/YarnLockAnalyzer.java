package io.wharf.scanner.analyzer;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code yarn.lock} of Yarn 1 ({@code lodash@^4.17.15:} then {@code   version "4.17.21"}) and of Yarn 2+ "berry"
 * ({@code "lodash@npm:^4.17.15":} then {@code   version: 4.17.21}, {@code   resolution: "lodash@npm:4.17.21"}).
 * The package name is the resolution's (berry) or the first descriptor's, following {@code npm:} aliases;
 * workspace and link entries ({@code linkType: soft}, {@code @workspace:}) and the {@code __metadata} block are
 * not registry packages. Read line by line; files under {@code node_modules} are ignored.
 */
public final class YarnLockAnalyzer implements Analyzer {
    @Override
    public boolean accepts(String path) {
        return LockFiles.hasFileName(path, "yarn.lock") && LockFiles.isApplicationLockFile(path);
    }

    @Override
    public FileFacts analyze(String path, InputStream content, long size) throws IOException {
        BoundedLineReader lines = new BoundedLineReader(content, LockFiles.MAX_LINE_BYTES);
        List<FoundPackage> out = new ArrayList<>();
        Entry entry = null;
        String line;
        while ((line = lines.next()) != null) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0))) {
                add(entry, path, out);
                entry = line.endsWith(":") ? new Entry(line.substring(0, line.length() - 1)) : null;
                continue;
            }
            if (entry == null || !line.startsWith("  ") || Character.isWhitespace(line.charAt(2))) {
                continue; // not a field of an entry, or a field's nested content (dependencies)
            }
            String field = line.strip();
            if (field.startsWith("version")) {
                entry.version = value(field, "version");
            } else if (field.startsWith("resolution:")) {
                entry.resolution = value(field, "resolution");
            } else if (field.startsWith("linkType:")) {
                entry.soft = "soft".equals(value(field, "linkType"));
            }
        }
        add(entry, path, out);
        return FileFacts.of(LockFiles.distinct(out));
    }

    private static final class Entry {
        final String descriptors;
        String version;
        String resolution;
        boolean soft;

        Entry(String descriptors) {
            this.descriptors = descriptors;
        }
    }

    private static void add(Entry e, String path, List<FoundPackage> out) {
        if (e == null || e.version == null || e.soft || e.descriptors.startsWith("__metadata")) {
            return;
        }
        String first = unquote(e.descriptors.split(",")[0].strip());
        String spec = e.resolution != null ? e.resolution : first;
        if (spec.contains("@workspace:") || spec.contains("@link:") || spec.contains("@portal:")
                || spec.contains("@file:")) {
            return;
        }
        String name = packageName(spec);
        if (name == null || e.version.isEmpty() || !Character.isDigit(e.version.charAt(0))) {
            return;
        }
        out.add(new FoundPackage(name, e.version, FoundPackage.NPM, null, null, path));
    }

    /** {@code @scope/name@range} → {@code @scope/name}; {@code alias@npm:real@range} → {@code real}. */
    private static String packageName(String descriptor) {
        int at = descriptor.indexOf('@', 1);
        if (at <= 0) {
            return null;
        }
        String name = descriptor.substring(0, at);
        String range = descriptor.substring(at + 1);
        if (range.startsWith("npm:")) {
            String target = range.substring(4);
            int targetAt = target.indexOf('@', 1);
            if (targetAt > 0) {
                return target.substring(0, targetAt); // an alias names the package it stands for
            }
        }
        return name;
    }

    /** The value of {@code key "v"} (Yarn 1) or {@code key: v} / {@code key: "v"} (berry). */
    private static String value(String field, String key) {
        String v = field.substring(key.length());
        if (v.startsWith(":")) {
            v = v.substring(1);
        } else if (!v.isEmpty() && !Character.isWhitespace(v.charAt(0))) {
            return null; // another field starting with the same letters
        }
        return unquote(v.strip());
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
