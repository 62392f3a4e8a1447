package io.wharf.scanner;

/**
 * One CVSS rating of a vulnerability: as Harbor's report 1.1 carries it in {@code preferred_cvss}.
 *
 * @param version {@code 4.0}, {@code 3.1}, {@code 3.0} or {@code 2.0} ({@code 3} or {@code 2} when a scanner's report
 *                does not say which minor version)
 * @param vector  the vector string ({@code CVSS:3.1/AV:N/...}; a v2 vector has no prefix)
 * @param score   its base score, or null when the source gave none and it cannot be computed (v2, v4)
 * @param source  who rated it: {@code nvd}, {@code ghsa}, {@code osv}, ...
 */
public record Cvss(String version, String vector, Double score, String source) {
    /** True for CVSS v3.0 and v3.1. */
    public boolean isV3() {
        return version != null && version.startsWith("3");
    }

    /** True for CVSS v2. */
    public boolean isV2() {
        return version != null && version.startsWith("2");
    }
}
