package io.wharf.scanner.match;

import io.wharf.scanner.vulndb.AffectedRow;
import io.wharf.scanner.version.VersionSchemes;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides a Debian release's status for one CVE and one source package from the tracker rows, in the order the
 * tracker data implies (and Trivy implements):
 * <ol>
 * <li>a {@code [release]} line saying {@code <not-affected>} (or {@code <undetermined>}): not affected;</li>
 * <li>a fixed version for the release, from its {@code [release]} line or a DSA/DLA (the highest wins): affected
 * below it;</li>
 * <li>otherwise the unstable line: {@code <not-affected>} means not affected; an unstable fix counts as the
 * release's fix when the release's source package is at least that version; if the release's version is older
 * (or not imported), versions below the unstable fix are affected with no fix available;</li>
 * <li>{@code <unfixed>}, {@code <no-dsa>}, {@code <postponed>}, {@code <ignored>}, {@code <end-of-life>} and
 * {@code <removed>} leave every version affected, with no fix.</li>
 * </ol>
 */
public final class DebianTrackerResolver {
    private static final Set<String> NOT_AFFECTED = Set.of("not-affected", "undetermined");
    private static final String SID = "sid";

    private DebianTrackerResolver() {
    }

    /**
     * @param rows           tracker rows of one vulnerability for one source package (any release)
     * @param codename       release code name of the image, e.g. {@code bookworm}
     * @param installed      installed source version
     * @param releaseVersion the release's source package version from the tracker's source records, if imported
     */
    public static Optional<Verdict> resolve(List<AffectedRow> rows, String codename, String installed,
                                            Optional<String> releaseVersion) {
        AffectedRow releaseLine = null;
        AffectedRow sidLine = null;
        String releaseFix = null;
        for (AffectedRow r : rows) {
            boolean fromEntry = r.recordKey().equals(r.vulnId());
            if (codename.equals(r.release())) {
                if (fromEntry) {
                    releaseLine = r;
                }
                if ("fixed".equals(r.status()) && r.fixedVersion() != null && !r.fixedVersion().isBlank()
                        && (releaseFix == null || VersionSchemes.DPKG.compare(r.fixedVersion(), releaseFix) > 0)) {
                    releaseFix = r.fixedVersion();
                }
            } else if (SID.equals(r.release()) && fromEntry) {
                sidLine = r;
            }
        }
        if (releaseLine != null && NOT_AFFECTED.contains(releaseLine.status())) {
            return Optional.empty();
        }
        if (releaseFix != null) {
            return below(installed, releaseFix, releaseFix);
        }
        if (releaseLine == null && (sidLine == null || NOT_AFFECTED.contains(sidLine.status()))) {
            return Optional.empty();
        }
        String sidFix = sidLine != null && "fixed".equals(sidLine.status()) ? blankToNull(sidLine.fixedVersion()) : null;
        if (sidFix == null) {
            return Optional.of(new Verdict(null)); // unfixed, no-dsa, postponed, ignored, removed, end-of-life
        }
        boolean releaseHasFix = releaseVersion.map(v -> VersionSchemes.DPKG.compare(v, sidFix) >= 0).orElse(false);
        return below(installed, sidFix, releaseHasFix ? sidFix : null);
    }

    private static Optional<Verdict> below(String installed, String bound, String reportedFix) {
        return VersionSchemes.DPKG.compare(installed, bound) < 0 ? Optional.of(new Verdict(reportedFix)) : Optional.empty();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
