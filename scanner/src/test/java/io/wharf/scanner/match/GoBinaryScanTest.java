package io.wharf.scanner.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.scanner.EmbeddedScanner;
import io.wharf.scanner.Finding;
import io.wharf.scanner.InstalledPackage;
import io.wharf.scanner.ScanReport;
import io.wharf.scanner.VulnDatabase;
import io.wharf.scanner.analyzer.GoBuildInfo;
import io.wharf.scanner.support.GoToolchain;
import io.wharf.scanner.support.GoToolchain.Dependency;
import io.wharf.scanner.support.LayerBuilder;
import io.wharf.scanner.support.LayerBuilder.Compression;
import io.wharf.scanner.support.TestDatabase;
import io.wharf.scanner.support.VulnData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Go executables built here with the installed Go toolchain (module mode, vendored dependencies at real module
 * versions), put into an image and matched against the Go vulnerability database's real records
 * (src/test/resources/vulndata/go); the expectations are read off those records.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GoBinaryScanTest {
    private static final List<Dependency> DEPS = List.of(
            Dependency.of("golang.org/x/text", "v0.3.7"),
            // go.mod asks for v0.1.0 but replaces it: the binary holds v0.7.0's code
            new Dependency("golang.org/x/net", "v0.1.0", "golang.org/x/net", "v0.7.0"),
            Dependency.of("golang.org/x/crypto", "v0.0.0-20220214200702-86341886e292"),
            Dependency.of("github.com/dgrijalva/jwt-go", "v3.2.0+incompatible"));

    @TempDir
    static Path work;
    private VulnDatabase db;
    private Path exe;
    private Path pie;
    private String goVersion;

    @BeforeAll
    void buildAndImport() throws IOException, InterruptedException {
        db = new VulnDatabase(TestDatabase.fresh());
        var result = db.importFrom(List.of(VulnData.root().resolve("go")));
        assertTrue(result.warnings().isEmpty(), result.warnings().toString());
        goVersion = GoToolchain.version(work);
        exe = GoToolchain.build(work, "example.com/wharf/hello", DEPS, false, "hello");
        pie = GoToolchain.build(work, "example.com/wharf/hello", DEPS, true, "hello-pie");
        String m = GoToolchain.versionM(exe);
        assertTrue(m.contains("dep\tgolang.org/x/text\tv0.3.7") && m.contains("=>\tgolang.org/x/net\tv0.7.0"), m);
    }

    private ScanReport scan() throws IOException {
        byte[] binary = Files.readAllBytes(exe);
        byte[] base = new LayerBuilder().file("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n")
                .executable("bin/sh", "#!/bin/true\n".getBytes()).build(Compression.GZIP);
        byte[] app = new LayerBuilder().executable("usr/local/bin/hello", binary)
                .executable("usr/local/bin/hello-pie", Files.readAllBytes(pie))
                .file("opt/hello.copy", binary) // not executable: not opened
                .build(Compression.GZIP);
        ScanEndToEndTest.Image image = new ScanEndToEndTest.Image()
                .layer(base, "application/vnd.oci.image.layer.v1.tar+gzip")
                .layer(app, "application/vnd.oci.image.layer.v1.tar+gzip");
        return new EmbeddedScanner(db).scan(image.layers, image);
    }

    @Test
    void modulesAndStdlibOfEveryExecutableWithTheLayerThatAddedThem() throws IOException {
        ScanReport report = scan();
        String appLayer = report.packages().stream().filter(p -> p.type().equals("gobinary")).findFirst()
                .orElseThrow().layerDigest();
        String stdlib = new GoBuildInfo(goVersion, List.of()).stdlibVersion();
        Set<String> expected = Set.of("stdlib@" + stdlib, "golang.org/x/text@v0.3.7", "golang.org/x/net@v0.7.0",
                "golang.org/x/crypto@v0.0.0-20220214200702-86341886e292", "github.com/dgrijalva/jwt-go@v3.2.0+incompatible");
        for (String location : List.of("usr/local/bin/hello", "usr/local/bin/hello-pie")) {
            List<InstalledPackage> found = report.packages().stream().filter(p -> p.location().equals(location)).toList();
            assertEquals(expected, found.stream().map(p -> p.name() + "@" + p.version()).collect(Collectors.toSet()),
                    location);
            assertTrue(found.stream().allMatch(p -> p.ecosystem().equals("Go") && p.layerDigest().equals(appLayer)));
        }
        assertFalse(report.packages().stream().anyMatch(p -> p.location().equals("opt/hello.copy")
                || p.location().equals("bin/sh")));
    }

    @Test
    void vulnerableModuleVersionsAreFoundAndFixedOnesAreNot() throws IOException {
        Map<String, Finding> f = scan().findings().stream()
                .collect(Collectors.toMap(x -> x.vulnerabilityId() + " " + x.packageName(), x -> x));
        // x/text v0.3.7: fixed in 0.3.8 affects it; the fixes at 0.3.7 and 0.3.3 do not
        assertFix(f, "GO-2022-1059 golang.org/x/text", "0.3.8");
        assertAbsent(f, "GO-2021-0113 golang.org/x/text", "GO-2020-0015 golang.org/x/text");
        // x/net replaced by v0.7.0: v0.1.0 (as go.mod asks) would match GO-2022-1144, GO-2023-1495 and GO-2023-1571
        assertFix(f, "GO-2023-1988 golang.org/x/net", "0.13.0");
        assertFix(f, "GO-2023-2102 golang.org/x/net", "0.17.0");
        assertFix(f, "GO-2024-3333 golang.org/x/net", "0.33.0");
        assertEquals("v0.7.0", f.get("GO-2023-1988 golang.org/x/net").installedVersion());
        assertAbsent(f, "GO-2022-1144 golang.org/x/net", "GO-2023-1495 golang.org/x/net", "GO-2023-1571 golang.org/x/net");
        // x/crypto at a pseudo-version: before one pseudo-version fix, after another
        assertFix(f, "GO-2021-0356 golang.org/x/crypto", "0.0.0-20220314234659-1baeb1ce4c0b");
        assertFix(f, "GO-2023-2402 golang.org/x/crypto", "0.17.0");
        assertAbsent(f, "GO-2022-0968 golang.org/x/crypto");
        // +incompatible major version, affected without a fix
        assertFix(f, "GO-2020-0017 github.com/dgrijalva/jwt-go", null);
        assertTrue(f.get("GO-2020-0017 github.com/dgrijalva/jwt-go").aliases().contains("CVE-2020-26160"));
    }

    @Test
    void standardLibraryOfTheGoVersionTheBinaryWasBuiltWith() throws IOException {
        Set<String> stdlib = scan().findings().stream().filter(x -> x.packageName().equals("stdlib"))
                .map(Finding::vulnerabilityId).collect(Collectors.toSet());
        if (goVersion.equals("go1.19.8")) { // Debian bookworm's golang-go
            assertEquals(Set.of("GO-2023-1751", "GO-2023-1752", "GO-2023-1753", "GO-2023-1840", "GO-2023-1878",
                    "GO-2023-1987", "GO-2023-2041", "GO-2023-2102", "GO-2023-2375", "GO-2024-2687"), stdlib);
        } else {
            // another toolchain: at least the records it is too new for stay out
            assertFalse(stdlib.contains("GO-2022-1037"), stdlib.toString());
        }
    }

    @Test
    void anUpperLayerReplacesOrDeletesABinaryAndATruncatedOneGivesNothing() throws IOException, InterruptedException {
        Path fixed = GoToolchain.build(work, "example.com/wharf/hello", List.of(Dependency.of("golang.org/x/text", "v0.3.8")),
                false, "hello-fixed");
        byte[] binary = Files.readAllBytes(exe);
        byte[] base = new LayerBuilder().executable("usr/local/bin/hello", binary)
                .executable("usr/local/bin/hello-pie", Files.readAllBytes(pie)).build(Compression.GZIP);
        byte[] update = new LayerBuilder().executable("usr/local/bin/hello", Files.readAllBytes(fixed))
                .whiteout("usr/local/bin/hello-pie")
                .executable("usr/local/bin/cut", Arrays.copyOf(binary, binary.length / 2)).build(Compression.ZSTD);
        ScanEndToEndTest.Image image = new ScanEndToEndTest.Image()
                .layer(base, "application/vnd.oci.image.layer.v1.tar+gzip")
                .layer(update, "application/vnd.oci.image.layer.v1.tar+zstd");
        ScanReport report = new EmbeddedScanner(db).scan(image.layers, image);
        assertEquals(Set.of("usr/local/bin/hello"),
                report.packages().stream().map(InstalledPackage::location).collect(Collectors.toSet()));
        InstalledPackage text = report.packages().stream().filter(p -> p.name().equals("golang.org/x/text"))
                .findFirst().orElseThrow();
        assertEquals("v0.3.8", text.version());
        assertEquals(image.layers.get(1).digest(), text.layerDigest());
        assertTrue(report.findings().stream().noneMatch(f -> f.packageName().equals("golang.org/x/text")),
                report.findings().toString());
    }

    private static void assertFix(Map<String, Finding> f, String key, String fixed) {
        assertTrue(f.containsKey(key), key + " missing from " + f.keySet());
        assertEquals(fixed, f.get(key).fixedVersion(), key);
    }

    private static void assertAbsent(Map<String, Finding> f, String... keys) {
        for (String key : keys) {
            assertFalse(f.containsKey(key), key + " should not be reported");
        }
    }
}
