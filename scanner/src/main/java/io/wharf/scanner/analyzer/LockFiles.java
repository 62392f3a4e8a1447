package io.wharf.scanner.analyzer;

import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What the lock file analyzers share. */
public final class LockFiles {
    /** Longest line kept of a line-based lock file (longer lines are hashes or URLs, cut there). */
    static final int MAX_LINE_BYTES = 16 << 10;

    private LockFiles() {
    }

    /**
     * Whether a lock file belongs to an application rather than to one of its installed dependencies: a package
     * under {@code node_modules} or {@code site-packages}/{@code dist-packages} may ship its own lock file, which
     * says what its authors developed with, not what is installed.
     */
    static boolean isApplicationLockFile(String path) {
        String p = "/" + path;
        return !p.contains("/node_modules/") && !p.contains("/site-packages/") && !p.contains("/dist-packages/");
    }

    /**
     * Whether a package was read from a lock file rather than from what a package manager installed: the scan
     * lists an installed package first, so a vulnerability found in both is reported for the installed copy and
     * the layer that installed it.
     */
    public static boolean isLockFile(String location) {
        String name = fileName(location);
        return name.equals("package-lock.json") || name.equals("npm-shrinkwrap.json") || name.equals("yarn.lock")
                || name.equals("poetry.lock") || name.equals("Pipfile.lock")
                || PipRequirementsAnalyzer.FILE_NAME.matcher(name).matches();
    }

    /** Whether the path's base name is {@code name}, without allocating (every path of every layer is asked). */
    static boolean hasFileName(String path, String name) {
        int start = path.length() - name.length();
        return path.endsWith(name) && (start == 0 || path.charAt(start - 1) == '/');
    }

    /** The base name of a path. */
    static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** One package per name and version (a lock file may list the same version at several places in the tree). */
    static List<FoundPackage> distinct(List<FoundPackage> packages) {
        Set<String> seen = new LinkedHashSet<>();
        List<FoundPackage> out = new ArrayList<>();
        for (FoundPackage p : packages) {
            if (seen.add(p.name() + "@" + p.version())) {
                out.add(p);
            }
        }
        return out;
    }

    /** The layer's stream, which a JSON parser's close must leave open for the tar reader. */
    static InputStream unclosable(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public void close() {
                // the layer reader owns the stream
            }
        };
    }
}
