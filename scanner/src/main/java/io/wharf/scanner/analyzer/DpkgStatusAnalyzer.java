package io.wharf.scanner.analyzer;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian/Ubuntu packages from {@code var/lib/dpkg/status} and distroless' {@code var/lib/dpkg/status.d/*}. The
 * {@code Source:} field matters: the Debian security tracker lists source packages ({@code openssl}, not
 * {@code libssl3}), and {@code Source: name (version)} gives the source version a binNMU differs from.
 */
public final class DpkgStatusAnalyzer implements Analyzer {
    private static final String STATUS = "var/lib/dpkg/status";
    private static final String STATUS_D = "var/lib/dpkg/status.d/";
    private static final Pattern SOURCE = Pattern.compile("^(\\S+)(?:\\s+\\((\\S+)\\))?");

    @Override
    public boolean accepts(String path) {
        if (path.equals(STATUS)) {
            return true;
        }
        return path.startsWith(STATUS_D) && path.indexOf('/', STATUS_D.length()) < 0
                && !path.endsWith(".md5sums") && path.length() > STATUS_D.length();
    }

    @Override
    public FileFacts analyze(String path, InputStream content, long size) throws IOException {
        List<FoundPackage> packages = new ArrayList<>();
        ControlFileReader.forEachStanza(content, stanza -> {
            String name = stanza.get("Package");
            String version = stanza.get("Version");
            if (name == null || version == null || !isInstalled(stanza.get("Status"))) {
                return;
            }
            String sourceName = name;
            String sourceVersion = null;
            String source = stanza.get("Source");
            if (source != null) {
                Matcher m = SOURCE.matcher(source);
                if (m.find()) {
                    sourceName = m.group(1);
                    sourceVersion = m.group(2);
                }
            }
            packages.add(new FoundPackage(name, version, FoundPackage.DPKG, sourceName,
                    version.equals(sourceVersion) ? null : sourceVersion, path));
        });
        return FileFacts.of(packages);
    }

    /** "install ok installed" is installed; "deinstall ok config-files" and half-installed states are not. */
    private static boolean isInstalled(String status) {
        if (status == null) {
            return true; // status.d files of distroless images may omit it
        }
        String[] words = status.trim().split("\\s+");
        return words.length >= 3 && words[2].equals("installed");
    }
}
