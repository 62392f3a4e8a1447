package io.wharf.scanner.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.scanner.EmbeddedScanner;
import io.wharf.scanner.Finding;
import io.wharf.scanner.InstalledPackage;
import io.wharf.scanner.ScanReport;
import io.wharf.scanner.Severity;
import io.wharf.scanner.VulnDatabase;
import io.wharf.scanner.match.ScanEndToEndTest.Image;
import io.wharf.scanner.support.Fixtures;
import io.wharf.scanner.support.LayerBuilder;
import io.wharf.scanner.support.LayerBuilder.Compression;
import io.wharf.scanner.support.TestDatabase;
import io.wharf.scanner.support.VulnData;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Images with Debian's real Python metadata and real lock files, matched against the real PyPA (YAML), GHSA and
 * npm records of src/test/resources/vulndata. Expected findings are read off those records' ECOSYSTEM ranges
 * (fixed version = the range's "fixed"); "not affected" cases are records whose fix the installed version already
 * has.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PythonAndLockFileScanTest {
    private static final String LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
    private static final String OS_RELEASE = "ID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n";

    private VulnDatabase db;

    @BeforeAll
    void importRealRecords() {
        db = new VulnDatabase(TestDatabase.fresh());
        var result = db.importFrom(List.of(VulnData.root()));
        assertTrue(result.warnings().isEmpty(), result.warnings().toString());
    }

    /** "id package@version" → fixed version ("-" when none). */
    private static Map<String, String> findings(ScanReport report) {
        Map<String, String> out = new HashMap<>();
        for (Finding f : report.findings()) {
            String key = f.vulnerabilityId() + " " + f.packageName() + "@" + f.installedVersion();
            String previous = out.put(key, f.fixedVersion() == null ? "-" : f.fixedVersion());
            assertEquals(null, previous, "reported twice: " + key);
        }
        return out;
    }

    @Test
    void debianPythonPackagesAndTheirRequirementsFile() throws IOException {
        byte[] base = Fixtures.debianDistPackages(new LayerBuilder().file("etc/os-release", OS_RELEASE))
                .build(Compression.GZIP);
        // the application's pip freeze pins the same versions: each vulnerability is reported once
        byte[] app = new LayerBuilder().file("srv/app/requirements.txt",
                Fixtures.bytes("lockfiles/pip-freeze/requirements.txt")).build(Compression.GZIP);
        Image image = new Image().layer(base, LAYER).layer(app, LAYER);
        ScanReport report = new EmbeddedScanner(db).scan(image.layers, image);

        assertEquals(Map.ofEntries(
                Map.entry("PYSEC-2022-42986 certifi@2022.9.24", "2022.12.7"),
                Map.entry("PYSEC-2023-135 certifi@2022.9.24", "2023.7.22"),
                Map.entry("PYSEC-2024-60 idna@3.3", "3.7"),
                Map.entry("GHSA-h5c8-rqwp-cp95 jinja2@3.1.2", "3.1.3"),
                Map.entry("PYSEC-2023-74 requests@2.28.1", "2.31.0"),
                Map.entry("GHSA-9wx4-h78v-vm56 requests@2.28.1", "2.32.2"),
                Map.entry("PYSEC-2023-192 urllib3@1.26.12", "1.26.17"),
                Map.entry("PYSEC-2023-212 urllib3@1.26.12", "1.26.18"),
                Map.entry("GHSA-34jh-p97f-mpxf urllib3@1.26.12", "1.26.19"),
                Map.entry("PYSEC-2023-57 werkzeug@2.2.2", "2.2.3"),
                Map.entry("PYSEC-2023-58 werkzeug@2.2.2", "2.2.3"),
                Map.entry("PYSEC-2023-221 werkzeug@2.2.2", "2.3.8")), findings(report));
        // not reported, fixed before the installed versions: jinja2 PYSEC-2019-217/-220 and PYSEC-2021-66,
        // requests PYSEC-2014-13 and PYSEC-2018-28, urllib3 PYSEC-2020-148, PYSEC-2021-108 and PYSEC-2021-59,
        // werkzeug PYSEC-2022-203, every PyYAML record (fixed by 5.4) — the equality above covers them.

        Finding urllib3 = report.findings().stream().filter(f -> f.vulnerabilityId().equals("PYSEC-2023-212"))
                .findFirst().orElseThrow();
        assertEquals("PyPI", urllib3.ecosystem());
        assertEquals(List.of("CVE-2023-45803", "GHSA-g4mx-q9vg-27p4"), urllib3.aliases());
        assertEquals(Severity.MEDIUM, urllib3.severity()); // CVSS:3.1/AV:A/AC:H/PR:H/UI:N/S:U/C:H/I:N/A:N = 4.2
        // reported for the installed copy, in the layer that installed it, not for the requirements file
        assertEquals(image.layers.get(0).digest(), urllib3.layerDigest());

        List<InstalledPackage> urllib3Copies = report.packages().stream().filter(p -> p.name().equals("urllib3")).toList();
        assertEquals(List.of("usr/lib/python3/dist-packages/urllib3-1.26.12.egg-info/PKG-INFO", "srv/app/requirements.txt"),
                urllib3Copies.stream().map(InstalledPackage::location).toList());
        assertTrue(urllib3Copies.stream().allMatch(p -> p.type().equals("pypi") && p.ecosystem().equals("PyPI")));
    }

    @Test
    void poetryPipenvAndNpmLockFiles() throws IOException {
        byte[] apps = new LayerBuilder()
                .file("srv/poetry-app/poetry.lock", Fixtures.bytes("lockfiles/poetry/poetry.lock"))
                .file("srv/pipenv-app/Pipfile.lock", Fixtures.bytes("lockfiles/pipenv/Pipfile.lock"))
                .file("srv/web/package-lock.json", Fixtures.bytes("lockfiles/npm-v3/package-lock.json"))
                // installed and locked: one finding per vulnerability
                .file("srv/web/node_modules/lodash/package.json", "{\"name\":\"lodash\",\"version\":\"4.17.20\"}")
                // a dependency's own lock file is not the application's
                .file("srv/web/node_modules/optimist/package-lock.json",
                        "{\"lockfileVersion\":3,\"packages\":{\"node_modules/ws\":{\"version\":\"5.0.0\"}}}")
                .build(Compression.GZIP);
        Image image = new Image().layer(apps, LAYER);
        ScanReport report = new EmbeddedScanner(db).scan(image.layers, image);
        Map<String, String> found = findings(report);

        Map<String, String> expected = new HashMap<>(Map.ofEntries(
                // poetry.lock; certifi 2022.12.7 already has PYSEC-2022-42986's fix (written 2022.12.07 in its text)
                Map.entry("PYSEC-2023-135 certifi@2022.12.7", "2023.7.22"),
                Map.entry("PYSEC-2024-60 idna@2.10", "3.7"),
                Map.entry("PYSEC-2023-74 requests@2.25.1", "2.31.0"),
                Map.entry("GHSA-9wx4-h78v-vm56 requests@2.25.1", "2.32.2"),
                Map.entry("PYSEC-2023-192 urllib3@1.26.14", "1.26.17"),
                Map.entry("PYSEC-2023-212 urllib3@1.26.14", "1.26.18"),
                Map.entry("GHSA-34jh-p97f-mpxf urllib3@1.26.14", "1.26.19"),
                // Pipfile.lock (default and develop)
                Map.entry("PYSEC-2021-66 jinja2@2.11.2", "2.11.3"),
                Map.entry("GHSA-h5c8-rqwp-cp95 jinja2@2.11.2", "3.1.3"),
                Map.entry("PYSEC-2020-148 urllib3@1.24.2", "1.25.9"),
                Map.entry("PYSEC-2021-108 urllib3@1.24.2", "1.26.5"),
                Map.entry("PYSEC-2023-192 urllib3@1.24.2", "1.26.17"),
                Map.entry("PYSEC-2023-212 urllib3@1.24.2", "1.26.18"),
                Map.entry("GHSA-34jh-p97f-mpxf urllib3@1.24.2", "1.26.19"),
                Map.entry("PYSEC-2023-74 requests@2.23.0", "2.31.0"),
                Map.entry("GHSA-9wx4-h78v-vm56 requests@2.23.0", "2.32.2"),
                Map.entry("PYSEC-2022-42986 certifi@2020.4.5.1", "2022.12.7"),
                Map.entry("PYSEC-2023-135 certifi@2020.4.5.1", "2023.7.22"),
                Map.entry("PYSEC-2024-60 idna@2.9", "3.7"),
                // package-lock.json v3: lodash 4.17.20 has GHSA-p6mc's fix; the alias lodash-old is lodash 4.17.15
                Map.entry("GHSA-35jh-r3h4-6jhm lodash@4.17.20", "4.17.21"),
                Map.entry("GHSA-p6mc-m468-83gw lodash@4.17.15", "4.17.20"),
                Map.entry("GHSA-35jh-r3h4-6jhm lodash@4.17.15", "4.17.21"),
                Map.entry("GHSA-xvch-5gv4-984h minimist@1.2.5", "1.2.6"),
                Map.entry("GHSA-xvch-5gv4-984h minimist@0.0.10", "0.2.4")));
        // node-fetch 2.6.1 is in both of GHSA-r683-j2x4-v87g's ranges (fixed 3.1.1 and 2.6.7): once, nearest fix
        expected.put("GHSA-r683-j2x4-v87g node-fetch@2.6.1", "2.6.7");
        assertEquals(expected, found);

        Finding lodash = report.findings().stream().filter(f -> f.vulnerabilityId().equals("GHSA-35jh-r3h4-6jhm")
                && f.installedVersion().equals("4.17.20")).findFirst().orElseThrow();
        assertEquals("npm", lodash.ecosystem());
        Map<String, List<String>> locations = report.packages().stream().filter(p -> p.name().equals("lodash"))
                .collect(Collectors.groupingBy(InstalledPackage::version,
                        Collectors.mapping(InstalledPackage::location, Collectors.toList())));
        assertEquals(Map.of("4.17.20", List.of("srv/web/node_modules/lodash/package.json", "srv/web/package-lock.json"),
                "4.17.15", List.of("srv/web/package-lock.json")), locations);
        assertTrue(report.packages().stream().noneMatch(p -> p.name().equals("ws")));
    }
}
