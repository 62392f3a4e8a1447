package io.wharf.scanner.severity;

import io.wharf.scanner.Cvss;
import io.wharf.scanner.Severity;

/**
 * The qualitative rating of a CVSS base score: NVD's bands for v2 (Low 0.0–3.9, Medium 4.0–6.9, High 7.0–10.0;
 * v2 has no Critical), the specification's bands for v3.x and v4.0 (see {@link Cvss3#rating}).
 */
public final class CvssRating {
    private CvssRating() {
    }

    /** The rating of a metric; a v3.x metric without a score is scored from its vector; Unknown when neither works. */
    public static Severity of(Cvss cvss) {
        if (cvss == null) {
            return Severity.UNKNOWN;
        }
        Double score = scoreOf(cvss);
        if (score == null) {
            return Severity.UNKNOWN;
        }
        if (cvss.isV2()) {
            return score >= 7.0 ? Severity.HIGH : score >= 4.0 ? Severity.MEDIUM : Severity.LOW;
        }
        return Cvss3.rating(score);
    }

    /** The base score given, else computed from a v3.x vector; null for an unscored v2/v4 metric or a bad vector. */
    public static Double scoreOf(Cvss cvss) {
        if (cvss.score() != null) {
            return cvss.score();
        }
        if (cvss.isV3() && cvss.vector() != null) {
            try {
                return Cvss3.baseScore(cvss.vector());
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }
}
