package io.wharf.scanner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wharf.scanner.InstalledPackage;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Package URLs of rpms (purl-spec's rpm type: the epoch and arch are qualifiers, the namespace is the vendor). */
class RpmPurlTest {
    private static InstalledPackage rpm(String name, String version, String ecosystem, String arch) {
        return new InstalledPackage(name, version, "rpm", ecosystem, null, null, "var/lib/rpm/rpmdb.sqlite",
                "sha256:x", arch == null ? Map.of() : Map.of("arch", arch));
    }

    @Test
    void epochAndArchAreQualifiers() {
        assertEquals("pkg:rpm/almalinux/openssl-libs@3.0.7-16.el9?arch=x86_64&epoch=1",
                ReportWriter.purl(rpm("openssl-libs", "1:3.0.7-16.el9", "AlmaLinux:9", "x86_64"), "AlmaLinux:9"));
        assertEquals("pkg:rpm/redhat/tzdata@2024a-1.el9?arch=noarch",
                ReportWriter.purl(rpm("tzdata", "2024a-1.el9", "Red Hat:9", "noarch"), "Red Hat:9"));
        assertEquals("pkg:rpm/rocky/libgcc@11.4.1-3.el9",
                ReportWriter.purl(rpm("libgcc", "11.4.1-3.el9", "Rocky Linux:9", null), "Rocky Linux:9"));
        assertEquals("pkg:rpm/suse/libstdc%2B%2B6@11.2.1%2Bgit610-1.3.9?arch=x86_64",
                ReportWriter.purl(rpm("libstdc++6", "11.2.1+git610-1.3.9", "SUSE:Linux Enterprise Server 15 SP3",
                        "x86_64"), null));
    }
}
