package io.wharf.scanner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wharf.scanner.InstalledPackage;
import org.junit.jupiter.api.Test;

/** Package URLs in the CycloneDX SBOM, as the purl specification spells them per type. */
class PackageUrlTest {
    private static InstalledPackage go(String module, String version) {
        return new InstalledPackage(module, version, "gobinary", "Go", null, null, "usr/local/bin/app", "sha256:l");
    }

    @Test
    void goModulesKeepTheirPathSegmentsAndVersionWithV() {
        assertEquals("pkg:golang/golang.org/x/net@v0.7.0", ReportWriter.purl(go("golang.org/x/net", "v0.7.0"), "Debian:12"));
        assertEquals("pkg:golang/github.com/dgrijalva/jwt-go@v3.2.0%2Bincompatible",
                ReportWriter.purl(go("github.com/dgrijalva/jwt-go", "v3.2.0+incompatible"), null));
        assertEquals("pkg:golang/stdlib@v1.19.8", ReportWriter.purl(go("stdlib", "v1.19.8"), null));
    }

    @Test
    void ubuntuPackagesAreDebsOfUbuntu() {
        InstalledPackage libssl = new InstalledPackage("libssl3", "3.0.2-0ubuntu1.10", "dpkg", "Ubuntu:22.04", "openssl",
                null, "var/lib/dpkg/status", "sha256:l");
        assertEquals("pkg:deb/ubuntu/libssl3@3.0.2-0ubuntu1.10?distro=ubuntu-22.04", ReportWriter.purl(libssl, "Ubuntu:22.04"));
    }
}
