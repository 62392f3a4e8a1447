package io.wharf.scanner.severity;

import io.wharf.scanner.Cvss;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Several CVSS metrics of one source in one text column ({@code vuln_record.cvss_all}):
 * {@code 3.1|9.8|CVSS:3.1/AV:N/...;2.0|7.5|AV:N/...}, most preferred first. A missing score is an empty field.
 * {@link #encodeWithSources} adds each metric's source as a fourth field (metrics of several sources in one column).
 */
public final class CvssList {
    private CvssList() {
    }

    public static String encode(List<Cvss> metrics) {
        return encode(metrics, false);
    }

    /** {@code 3.1|7.4|CVSS:3.1/...|nvd;3.1|7.5|CVSS:3.1/...|ghsa}. */
    public static String encodeWithSources(List<Cvss> metrics) {
        return encode(metrics, true);
    }

    private static String encode(List<Cvss> metrics, boolean withSources) {
        StringBuilder sb = new StringBuilder();
        for (Cvss c : metrics) {
            if (sb.length() > 0) {
                sb.append(';');
            }
            sb.append(c.version()).append('|').append(c.score() == null ? "" : String.format(Locale.ROOT, "%.1f", c.score()))
                    .append('|').append(c.vector() == null ? "" : c.vector());
            if (withSources) {
                sb.append('|').append(c.source() == null ? "" : c.source());
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    /**
     * The metrics of {@link #encode}, each with the given source (or the one of {@link #encodeWithSources});
     * malformed parts are left out.
     */
    public static List<Cvss> decode(String text, String source) {
        List<Cvss> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split(";")) {
            String[] f = part.split("\\|", -1);
            if (f.length < 3 || f.length > 4 || f[0].isBlank()) {
                continue;
            }
            Double score = null;
            try {
                score = f[1].isBlank() ? null : Double.valueOf(f[1]);
            } catch (NumberFormatException e) {
                // keep the vector without a score
            }
            String from = f.length == 4 && !f[3].isBlank() ? f[3] : source;
            out.add(new Cvss(f[0], f[2].isBlank() ? null : f[2], score, from));
        }
        return out;
    }
}
