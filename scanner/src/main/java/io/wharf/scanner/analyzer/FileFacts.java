package io.wharf.scanner.analyzer;

import java.util.List;

/** What an analyzer learned from one file: packages, and/or the OS release. */
public record FileFacts(List<FoundPackage> packages, OsRelease osRelease) {
    public static final FileFacts NOTHING = new FileFacts(List.of(), null);

    public FileFacts {
        packages = List.copyOf(packages);
    }

    public static FileFacts of(List<FoundPackage> packages) {
        return new FileFacts(packages, null);
    }
}
