package io.wharf.scanner.version;

import org.apache.maven.artifact.versioning.ComparableVersion;

/** Maven's own order ({@link ComparableVersion}): qualifiers alpha &lt; beta &lt; milestone &lt; rc &lt; snapshot &lt; "" = ga = final = release &lt; sp. */
public final class MavenVersionScheme implements VersionScheme {
    @Override
    public String name() {
        return "maven";
    }

    @Override
    public int compare(String a, String b) {
        return Integer.signum(new ComparableVersion(a.trim()).compareTo(new ComparableVersion(b.trim())));
    }
}
