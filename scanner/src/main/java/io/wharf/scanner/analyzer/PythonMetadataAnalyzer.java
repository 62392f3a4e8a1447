package io.wharf.scanner.analyzer;

import io.wharf.scanner.PypiNames;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Installed Python packages, wherever they are in the image ({@code site-packages}, {@code dist-packages}, a
 * virtualenv): a wheel install's {@code <name>-<version>.dist-info/METADATA}, a setuptools install's
 * {@code <name>.egg-info/PKG-INFO} folder or {@code <name>-<version>.egg-info} file (distutils writes the metadata
 * as that file itself), and an unzipped egg's {@code EGG-INFO/PKG-INFO}. Only the {@code Name:} and
 * {@code Version:} headers are read, from the header block before the first empty line (the description that
 * follows can be long); names are PEP 503-normalised.
 */
public final class PythonMetadataAnalyzer implements Analyzer {
    private static final Pattern METADATA = Pattern.compile(
            "(^|.*/)([^/]+\\.dist-info/METADATA|[^/]+\\.egg-info/PKG-INFO|[^/]+\\.egg-info|[^/]+\\.egg/EGG-INFO/PKG-INFO)$");
    /** Header bytes read at most before giving up (Name and Version come first in every metadata version). */
    private static final int MAX_HEADER_BYTES = 256 << 10;
    private static final int MAX_LINE_BYTES = 8 << 10;

    @Override
    public boolean accepts(String path) {
        return (path.endsWith("/METADATA") || path.endsWith("/PKG-INFO") || path.endsWith(".egg-info"))
                && METADATA.matcher(path).matches();
    }

    @Override
    public FileFacts analyze(String path, InputStream content, long size) throws IOException {
        BoundedLineReader lines = new BoundedLineReader(content, MAX_LINE_BYTES);
        String name = null;
        String version = null;
        int read = 0;
        String line;
        while ((line = lines.next()) != null && !line.isEmpty() && read < MAX_HEADER_BYTES) {
            read += line.length() + 1;
            if (name == null && startsWithIgnoreCase(line, "Name:")) {
                name = line.substring(5).strip();
            } else if (version == null && startsWithIgnoreCase(line, "Version:")) {
                version = line.substring(8).strip();
            }
            if (name != null && version != null) {
                break;
            }
        }
        if (name == null || version == null || name.isEmpty() || version.isEmpty()) {
            return FileFacts.NOTHING;
        }
        return FileFacts.of(List.of(new FoundPackage(PypiNames.normalise(name), version, FoundPackage.PYPI,
                null, null, path)));
    }

    private static boolean startsWithIgnoreCase(String line, String prefix) {
        return line.regionMatches(true, 0, prefix, 0, prefix.length());
    }
}
