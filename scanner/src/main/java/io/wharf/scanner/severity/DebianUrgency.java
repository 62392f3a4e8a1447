package io.wharf.scanner.severity;

import io.wharf.scanner.Severity;

/**
 * The Debian security tracker's urgency words as severities (the mapping Trivy uses): unimportant and low → Low,
 * medium → Medium, high → High; "not yet assigned", end-of-life or nothing → Unknown.
 */
public final class DebianUrgency {
    private DebianUrgency() {
    }

    public static Severity toSeverity(String urgency) {
        if (urgency == null) {
            return Severity.UNKNOWN;
        }
        String u = urgency.trim().replace("*", "");
        return switch (u) {
            case "unimportant", "low" -> Severity.LOW;
            case "medium" -> Severity.MEDIUM;
            case "high" -> Severity.HIGH;
            default -> Severity.UNKNOWN;
        };
    }
}
