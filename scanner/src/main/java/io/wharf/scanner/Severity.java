package io.wharf.scanner;

import java.util.Locale;

/** Severity of a finding, highest first; {@link #UNKNOWN} when the record gives none. */
public enum Severity {
    CRITICAL("Critical"), HIGH("High"), MEDIUM("Medium"), LOW("Low"), UNKNOWN("Unknown");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    /** The name shown to users (and in Harbor-style reports): Critical, High, Medium, Low, Unknown. */
    public String label() {
        return label;
    }

    /** True when this severity is at least as serious as {@code other} (UNKNOWN is the least). */
    public boolean isAtLeast(Severity other) {
        return ordinal() <= other.ordinal();
    }

    /** Parses a label or an ecosystem word such as GHSA's {@code MODERATE}; unrecognised words give UNKNOWN. */
    public static Severity parse(String text) {
        if (text == null) {
            return UNKNOWN;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "critical" -> CRITICAL;
            case "high", "important" -> HIGH;
            case "medium", "moderate" -> MEDIUM;
            case "low", "negligible" -> LOW;
            default -> UNKNOWN;
        };
    }

    /** Strict variant for user input (CLI {@code --fail-on}). */
    public static Severity fromLabel(String text) {
        for (Severity s : values()) {
            if (s.label.equalsIgnoreCase(text) || s.name().equalsIgnoreCase(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown severity '" + text + "' (expected Critical, High, Medium, Low or Unknown)");
    }
}
