package io.wharf.scanner.severity;

import io.wharf.scanner.Severity;
import java.util.HashMap;
import java.util.Map;

/**
 * CVSS v3.0/v3.1 base score, computed with the CVSS v3.1 specification's formulas (section 7.1) and its
 * Roundup (Appendix A), and the qualitative rating of section 5.
 */
public final class Cvss3 {
    private Cvss3() {
    }

    /** The base score of a vector such as {@code CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H}. */
    public static double baseScore(String vector) {
        Map<String, String> m = metrics(vector);
        boolean changed = "C".equals(require(m, "S"));
        double av = switch (require(m, "AV")) {
            case "N" -> 0.85;
            case "A" -> 0.62;
            case "L" -> 0.55;
            case "P" -> 0.2;
            default -> throw invalid(vector);
        };
        double ac = switch (require(m, "AC")) {
            case "L" -> 0.77;
            case "H" -> 0.44;
            default -> throw invalid(vector);
        };
        double pr = switch (require(m, "PR")) {
            case "N" -> 0.85;
            case "L" -> changed ? 0.68 : 0.62;
            case "H" -> changed ? 0.5 : 0.27;
            default -> throw invalid(vector);
        };
        double ui = switch (require(m, "UI")) {
            case "N" -> 0.85;
            case "R" -> 0.62;
            default -> throw invalid(vector);
        };
        double c = cia(require(m, "C"), vector);
        double i = cia(require(m, "I"), vector);
        double a = cia(require(m, "A"), vector);
        double iss = 1 - (1 - c) * (1 - i) * (1 - a);
        double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
        double exploitability = 8.22 * av * ac * pr * ui;
        if (impact <= 0) {
            return 0.0;
        }
        return changed ? roundup(Math.min(1.08 * (impact + exploitability), 10))
                : roundup(Math.min(impact + exploitability, 10));
    }

    /** Critical 9.0–10.0, High 7.0–8.9, Medium 4.0–6.9, Low 0.1–3.9; a score of 0.0 ("None") is reported as Low. */
    public static Severity rating(double score) {
        if (score >= 9.0) {
            return Severity.CRITICAL;
        }
        if (score >= 7.0) {
            return Severity.HIGH;
        }
        if (score >= 4.0) {
            return Severity.MEDIUM;
        }
        return Severity.LOW;
    }

    /** Appendix A: the smallest number, to one decimal place, equal to or higher than the input, free of float error. */
    static double roundup(double input) {
        long intInput = Math.round(input * 100000);
        if (intInput % 10000 == 0) {
            return intInput / 100000.0;
        }
        return (Math.floor(intInput / 10000.0) + 1) / 10.0;
    }

    private static double cia(String value, String vector) {
        return switch (value) {
            case "H" -> 0.56;
            case "L" -> 0.22;
            case "N" -> 0.0;
            default -> throw invalid(vector);
        };
    }

    private static Map<String, String> metrics(String vector) {
        if (vector == null || !vector.startsWith("CVSS:3.")) {
            throw invalid(vector);
        }
        Map<String, String> m = new HashMap<>();
        String[] parts = vector.split("/");
        for (int k = 1; k < parts.length; k++) {
            int colon = parts[k].indexOf(':');
            if (colon > 0) {
                m.put(parts[k].substring(0, colon), parts[k].substring(colon + 1));
            }
        }
        return m;
    }

    private static String require(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("CVSS vector lacks " + key);
        }
        return v;
    }

    private static IllegalArgumentException invalid(String vector) {
        return new IllegalArgumentException("not a CVSS v3 vector: " + vector);
    }
}
