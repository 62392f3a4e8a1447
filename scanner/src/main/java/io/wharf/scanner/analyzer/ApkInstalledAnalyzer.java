package io.wharf.scanner.analyzer;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** Alpine packages from {@code lib/apk/db/installed}: {@code P:} name, {@code V:} version, {@code o:} origin (the secdb is keyed by origin). */
public final class ApkInstalledAnalyzer implements Analyzer {
    private static final String INSTALLED = "lib/apk/db/installed";

    @Override
    public boolean accepts(String path) {
        return path.equals(INSTALLED);
    }

    @Override
    public FileFacts analyze(String path, InputStream content, long size) throws IOException {
        List<FoundPackage> packages = new ArrayList<>();
        ControlFileReader.forEachStanza(content, stanza -> {
            String name = stanza.get("P");
            String version = stanza.get("V");
            if (name == null || version == null) {
                return;
            }
            String origin = stanza.getOrDefault("o", name);
            packages.add(new FoundPackage(name, version, FoundPackage.APK, origin, null, path));
        });
        return FileFacts.of(packages);
    }
}
