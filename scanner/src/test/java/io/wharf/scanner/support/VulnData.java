package io.wharf.scanner.support;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The real vulnerability records copied into the test resources (see vulndata/README.md for origin and licence). */
public final class VulnData {
    private VulnData() {
    }

    public static Path root() {
        try {
            return Path.of(VulnData.class.getResource("/vulndata").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path osv() {
        return root().resolve("osv");
    }

    public static Path osv(String id) {
        return osv().resolve(id + ".json");
    }

    public static Path alpine318() {
        return root().resolve("alpine/v3.18/main.json");
    }

    public static Path alpine310Yaml() {
        return root().resolve("alpine/v3.10/main.yaml");
    }

    /** A bare NVD {@code cve} record, {@code nvd/<year>/<id>.json}. */
    public static Path nvd(String cveId) {
        return root().resolve("nvd/" + cveId.substring(4, 8) + "/" + cveId + ".json");
    }

    public static Path debianTracker() {
        return root().resolve("debian/vuln-list-debian/tracker");
    }
}
