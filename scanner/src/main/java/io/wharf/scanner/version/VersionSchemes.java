package io.wharf.scanner.version;

import java.util.Locale;
import java.util.Optional;

/** Picks the version order of an OSV ecosystem ({@code Debian:12} → dpkg, {@code Alpine:v3.18} → apk, ...). */
public final class VersionSchemes {
    public static final VersionScheme DPKG = new DpkgVersionScheme();
    public static final VersionScheme APK = new ApkVersionScheme();
    public static final VersionScheme MAVEN = new MavenVersionScheme();
    public static final VersionScheme SEMVER = new SemverScheme();
    public static final VersionScheme RPM = new RpmVersionScheme();
    public static final VersionScheme PEP440 = new Pep440VersionScheme();

    private VersionSchemes() {
    }

    /** The scheme for an ecosystem name, with or without its {@code :release} suffix; empty when unsupported. */
    public static Optional<VersionScheme> forEcosystem(String ecosystem) {
        if (ecosystem == null) {
            return Optional.empty();
        }
        int colon = ecosystem.indexOf(':');
        String base = (colon >= 0 ? ecosystem.substring(0, colon) : ecosystem).toLowerCase(Locale.ROOT);
        return switch (base) {
            case "debian", "ubuntu" -> Optional.of(DPKG);
            case "alpine" -> Optional.of(APK);
            case "maven" -> Optional.of(MAVEN);
            case "npm" -> Optional.of(SEMVER);
            case "go" -> Optional.of(SEMVER); // module versions are semver; v0.3.7 and 0.3.7 compare equal
            case "almalinux", "rocky linux", "red hat", "centos", "fedora", "amazon linux", "oracle linux", "suse",
                 "opensuse", "rpm" -> Optional.of(RPM);
            case "pypi" -> Optional.of(PEP440);
            default -> Optional.empty();
        };
    }
}
