package io.wharf.scanner.severity;

import io.wharf.scanner.Cvss;
import io.wharf.scanner.Severity;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks a finding's severity from the best source that rates it: the distribution's own rating (Debian urgency,
 * Ubuntu priority, AlmaLinux/Rocky/Red Hat severity) where there is one, else the NVD's CVSS (the first of v4.0,
 * v3.1, v3.0, v2 that has a base score), else the advisory's (GHSA). Unknown only when nobody rates it.
 * The CVSS shown with the finding is the NVD's where there is one, else the advisory's, whoever set the severity.
 *
 * @param severity  the chosen severity
 * @param source    who rated it ({@code debian}, {@code nvd}, {@code ghsa}, ...), null when nobody did
 * @param preferred the CVSS rating shown for the finding, or null
 * @param cvss      every known CVSS rating: the NVD's, then the advisory's
 * @param cweIds    CWE ids the NVD gives
 */
public record SeverityChoice(Severity severity, String source, Cvss preferred, List<Cvss> cvss, List<String> cweIds) {
    public static final String NVD = "nvd";

    public SeverityChoice {
        cvss = List.copyOf(cvss);
        cweIds = List.copyOf(cweIds);
    }

    /**
     * @param distro          the distribution's rating (Unknown when it gives none, e.g. Debian's "not yet assigned")
     * @param distroSource    its name, e.g. {@code debian}
     * @param nvdMetrics      the NVD record's metrics, most preferred version first (empty without a record)
     * @param nvdCweIds       the NVD record's CWE ids
     * @param advisory        the advisory's rating (GHSA's CVSS-derived or word severity)
     * @param advisorySource  its name, e.g. {@code ghsa}
     * @param advisoryCvss    the advisory's CVSS metric, or null
     */
    public static SeverityChoice choose(Severity distro, String distroSource, List<Cvss> nvdMetrics, List<String> nvdCweIds,
                                        Severity advisory, String advisorySource, Cvss advisoryCvss) {
        Cvss nvdRated = null;
        Severity nvdSeverity = Severity.UNKNOWN;
        for (Cvss c : nvdMetrics) {
            Severity s = CvssRating.of(c);
            if (s != Severity.UNKNOWN) {
                nvdRated = c;
                nvdSeverity = s;
                break;
            }
        }
        List<Cvss> all = new ArrayList<>(nvdMetrics);
        if (advisoryCvss != null) {
            all.add(advisoryCvss);
        }
        Cvss preferred = nvdRated != null ? nvdRated : !nvdMetrics.isEmpty() ? nvdMetrics.get(0) : advisoryCvss;
        Severity severity;
        String source;
        if (distro != null && distro != Severity.UNKNOWN) {
            severity = distro;
            source = distroSource;
        } else if (nvdSeverity != Severity.UNKNOWN) {
            severity = nvdSeverity;
            source = NVD;
        } else if (advisory != null && advisory != Severity.UNKNOWN) {
            severity = advisory;
            source = advisorySource;
        } else {
            severity = Severity.UNKNOWN;
            source = null;
        }
        return new SeverityChoice(severity, source, preferred, all, nvdCweIds == null ? List.of() : nvdCweIds);
    }
}
