package io.wharf.scanner.severity;

import io.wharf.scanner.Cvss;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Several CVSS metrics of one source in one text column ({@code vuln_record.cvss_all}):
 * {@code 3.1|9.8|CVSS:3.1/AV:N/...;2.0|7.5|AV:N/...}, most preferred first. A missing score is an empty field.
 */
public final class CvssList {
    private CvssList() {
    }

    public static String encode(List<Cvss> metrics) {
        StringBuilder sb = new StringBuilder();
        for (Cvss c : metrics) {
            if (sb.length() > 0) {
                sb.append(';');
            }
            sb.append(c.version()).append('|').append(c.score() == null ? "" : String.format(Locale.ROOT, "%.1f", c.score()))
                    .append('|').append(c.vector() == null ? "" : c.vector());
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    /** The metrics of {@link #encode}, each with the given source; malformed parts are left out. */
    public static List<Cvss> decode(String text, String source) {
        List<Cvss> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split(";")) {
            String[] f = part.split("\\|", -1);
            if (f.length != 3 || f[0].isBlank()) {
                continue;
            }
            Double score = null;
            try {
                score = f[1].isBlank() ? null : Double.valueOf(f[1]);
            } catch (NumberFormatException e) {
                // keep the vector without a score
            }
            out.add(new Cvss(f[0], f[2].isBlank() ? null : f[2], score, source));
        }
        return out;
    }
}
