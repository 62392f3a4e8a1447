package io.wharf.scanner.vulndb;

import io.wharf.scanner.Severity;

/**
 * One package affected by one vulnerability, as stored in {@code vuln_affected}.
 *
 * @param source       source the row came from
 * @param recordKey    the record it was imported from; re-importing that record replaces all its rows
 * @param vulnId       the vulnerability reported when it matches (a DSA row carries the CVE it fixes)
 * @param ecosystem    OSV ecosystem without release: {@code Maven}, {@code npm}, {@code Debian}, {@code Alpine}
 * @param release      release part of the ecosystem ({@code 12}, {@code v3.18}); tracker rows use code names
 *                     ({@code bookworm}) and {@code sid}; empty for language ecosystems
 * @param packageName  package as the source names it (source packages for distributions)
 * @param matchKind    {@link #OSV_RANGES} or {@link #DEBIAN_TRACKER}
 * @param status       tracker status ({@code fixed}, {@code no-dsa}, ...) for tracker rows
 * @param fixedVersion tracker fixed version for tracker rows
 * @param severity     severity of the vulnerability for this package
 * @param ranges       for OSV rows: JSON {@code {"ranges":[...],"versions":[...]}} of the OSV affected entry
 */
public record AffectedRow(String source, String recordKey, String vulnId, String ecosystem, String release,
                          String packageName, String matchKind, String status, String fixedVersion,
                          Severity severity, String ranges) {
    public static final String OSV_RANGES = "OSV";
    public static final String DEBIAN_TRACKER = "DEBIAN_TRACKER";
}
