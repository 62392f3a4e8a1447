package io.wharf.scanner.severity;

import java.util.Locale;
import java.util.Map;

/**
 * Which OSV ecosystems are distributions, and the name of their rating in a report. A severity on an affected row
 * of these ecosystems is the distribution's own rating (Ubuntu priority, AlmaLinux/Rocky/Red Hat severity, ...).
 */
public final class DistroSources {
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("debian", "debian"), Map.entry("ubuntu", "ubuntu"), Map.entry("almalinux", "almalinux"),
            Map.entry("rocky linux", "rocky"), Map.entry("red hat", "redhat"), Map.entry("redhat", "redhat"),
            Map.entry("alpine", "alpine"), Map.entry("alpaquita", "alpaquita"), Map.entry("suse", "suse"),
            Map.entry("opensuse", "opensuse"), Map.entry("suse linux enterprise", "suse"), Map.entry("mageia", "mageia"),
            Map.entry("photon os", "photon"), Map.entry("wolfi", "wolfi"), Map.entry("chainguard", "chainguard"),
            Map.entry("oracle linux", "oracle"), Map.entry("amazon linux", "amazon"), Map.entry("centos", "centos"),
            Map.entry("fedora", "fedora"), Map.entry("openeuler", "openeuler"));

    private DistroSources() {
    }

    /** The rating source name of a distribution ecosystem ({@code Ubuntu} → {@code ubuntu}), or null for any other. */
    public static String nameOf(String ecosystem) {
        if (ecosystem == null) {
            return null;
        }
        int colon = ecosystem.indexOf(':');
        String base = (colon >= 0 ? ecosystem.substring(0, colon) : ecosystem).trim().toLowerCase(Locale.ROOT);
        return NAMES.get(base);
    }
}
