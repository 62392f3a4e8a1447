package io.wharf.scanner.analyzer;

import java.util.List;

/** The analyzers the scanner runs on every layer. */
public final class Analyzers {
    private Analyzers() {
    }

    public static List<Analyzer> defaults() {
        return List.of(new OsReleaseAnalyzer(), new DpkgStatusAnalyzer(), new ApkInstalledAnalyzer(),
                new JavaArchiveAnalyzer(), new NpmPackageAnalyzer(),
                new GoBinaryAnalyzer(), new RpmDbAnalyzer(),

                new PythonMetadataAnalyzer(), new NpmLockAnalyzer(), new YarnLockAnalyzer(),
                new PipRequirementsAnalyzer(), new PoetryLockAnalyzer(), new PipfileLockAnalyzer());
    }
}
