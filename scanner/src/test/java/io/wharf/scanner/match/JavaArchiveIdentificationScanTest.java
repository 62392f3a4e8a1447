package io.wharf.scanner.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.scanner.BlobSource;
import io.wharf.scanner.EmbeddedScanner;
import io.wharf.scanner.Finding;
import io.wharf.scanner.InstalledPackage;
import io.wharf.scanner.LayerRef;
import io.wharf.scanner.ScanReport;
import io.wharf.scanner.Severity;
import io.wharf.scanner.VulnDatabase;
import io.wharf.scanner.support.LayerBuilder;
import io.wharf.scanner.support.LayerBuilder.Compression;
import io.wharf.scanner.support.MavenCentralJars;
import io.wharf.scanner.support.TestDatabase;
import io.wharf.scanner.support.VulnData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Spring4Shell (GHSA-36p3-wjmg-h94x, the real record) in real spring-beans jars from Maven Central, which carry no
 * pom.properties, inside Spring Boot fat jars: found through the manifest and the known-artifacts table, or through
 * the SHA-1 index, including an index imported after the layer was cached.
 */
class JavaArchiveIdentificationScanTest {
    private static final String SPRING4SHELL = "GHSA-36p3-wjmg-h94x";
    private static final String SPRING_BEANS = "org.springframework:spring-beans";

    @TempDir
    Path tmp;

    /** A one-layer image, counting how often its layer is read. */
    private static final class Image implements BlobSource {
        final byte[] layer;
        final LayerRef ref;
        final AtomicInteger opened = new AtomicInteger();

        Image(byte[] layer) {
            this.layer = layer;
            this.ref = new LayerRef(LayerBuilder.sha256(layer), "application/vnd.oci.image.layer.v1.tar+gzip", layer.length);
        }

        @Override
        public InputStream open(LayerRef l) {
            opened.incrementAndGet();
            return new ByteArrayInputStream(layer);
        }

        ScanReport scan(EmbeddedScanner scanner) throws IOException {
            return scanner.scan(List.of(ref), this);
        }
    }

    private static Image bootImage(String libName, byte[] lib) {
        return new Image(new LayerBuilder().file("app/app.jar", MavenCentralJars.springBootFatJar(libName, lib))
                .build(Compression.GZIP));
    }

    private static VulnDatabase spring4ShellDatabase() {
        VulnDatabase db = new VulnDatabase(TestDatabase.fresh());
        var imported = db.importFrom(List.of(VulnData.osv(SPRING4SHELL)));
        assertTrue(imported.warnings().isEmpty(), imported.warnings().toString());
        return db;
    }

    private static List<Finding> spring4Shell(ScanReport report) {
        return report.findings().stream().filter(f -> f.vulnerabilityId().equals(SPRING4SHELL)).toList();
    }

    private static InstalledPackage springBeans(ScanReport report) {
        List<InstalledPackage> found = report.packages().stream().filter(p -> p.name().equals(SPRING_BEANS)).toList();
        assertEquals(1, found.size(), report.packages().toString());
        return found.get(0);
    }

    private Path indexFile(String... lines) throws IOException {
        Path file = tmp.resolve("maven-sha1-" + System.nanoTime() + ".txt");
        Files.writeString(file, "# sha1 groupId artifactId version\n" + String.join("\n", lines) + "\n");
        return file;
    }

    /** Both branches of the record: 5.3.x fixed in 5.3.18, 5.2.x in 5.2.20.RELEASE. */
    @ParameterizedTest
    @CsvSource({"5.3.17, 5.3.18", "5.2.19.RELEASE, 5.2.20.RELEASE"})
    void affectedSpringBeansInAFatJarIsFoundAndTheFixedOneIsNot(String affected, String fixed) throws IOException {
        EmbeddedScanner scanner = new EmbeddedScanner(spring4ShellDatabase());

        ScanReport vulnerable = bootImage("spring-beans-" + affected + ".jar", MavenCentralJars.springBeans(affected))
                .scan(scanner);
        InstalledPackage pkg = springBeans(vulnerable);
        assertEquals(affected, pkg.version());
        assertEquals("app/app.jar!BOOT-INF/lib/spring-beans-" + affected + ".jar", pkg.location());
        assertEquals("manifest", pkg.identifiedBy(), "Implementation-Version, and the groupId from the known-artifacts table");
        List<Finding> findings = spring4Shell(vulnerable);
        assertEquals(1, findings.size(), vulnerable.findings().toString());
        assertEquals(SPRING_BEANS, findings.get(0).packageName());
        assertEquals(fixed, findings.get(0).fixedVersion());
        assertEquals(List.of("CVE-2022-22965"), findings.get(0).aliases());
        assertEquals(Severity.CRITICAL, findings.get(0).severity());

        ScanReport patched = bootImage("spring-beans-" + fixed + ".jar", MavenCentralJars.springBeans(fixed)).scan(scanner);
        assertEquals(fixed, springBeans(patched).version());
        assertEquals(List.of(), spring4Shell(patched));
    }

    @Test
    void aTopLevelJarIsIdentifiedTheSameWay() throws IOException {
        EmbeddedScanner scanner = new EmbeddedScanner(spring4ShellDatabase());
        ScanReport report = new Image(new LayerBuilder()
                .file("opt/app/lib/spring-beans-5.3.17.jar", MavenCentralJars.springBeans("5.3.17"))
                .build(Compression.GZIP)).scan(scanner);
        assertEquals("5.3.17", springBeans(report).version());
        assertEquals(1, spring4Shell(report).size());
    }

    /** Maven Central's published SHA-1 of the jar identifies it, and wins over what its manifest says. */
    @Test
    void theSha1IndexIdentifiesTheRealJarByMavenCentralsChecksum() throws IOException {
        byte[] jar = MavenCentralJars.springBeans("5.3.17");
        assertEquals(MavenCentralJars.SPRING_BEANS_5_3_17_SHA1, LayerBuilder.sha1(jar), "the jar is Maven Central's");
        VulnDatabase db = spring4ShellDatabase();
        var imported = db.importFrom(List.of(indexFile(
                MavenCentralJars.SPRING_BEANS_5_3_17_SHA1 + "  org.springframework spring-beans 5.3.17")));
        assertEquals(Map.of("maven-sha1", 1), imported.counts());

        ScanReport report = bootImage("renamed.jar", jar).scan(new EmbeddedScanner(db));
        InstalledPackage pkg = springBeans(report);
        assertEquals("5.3.17", pkg.version());
        assertEquals("sha1", pkg.identifiedBy());
        assertEquals(1, spring4Shell(report).size());
    }

    /**
     * A jar that says nothing about itself (the real spring-beans 5.3.17 without its manifest, under a meaningless
     * name) is not reported until the index knows its SHA-1; an index imported after the layer was cached then
     * identifies it without reading the layer again.
     */
    @Test
    void anIndexImportedLaterIdentifiesAJarInAnAlreadyCachedLayerWithoutReadingIt() throws IOException {
        byte[] anonymous = MavenCentralJars.withoutManifest(MavenCentralJars.springBeans("5.3.17"));
        VulnDatabase db = spring4ShellDatabase();
        EmbeddedScanner scanner = new EmbeddedScanner(db);
        Image image = bootImage("lib-0001.jar", anonymous);

        ScanReport before = image.scan(scanner);
        assertEquals(1, image.opened.get());
        assertTrue(before.packages().stream().noneMatch(p -> p.location().endsWith("lib-0001.jar")),
                before.packages().toString());
        assertEquals(List.of(), spring4Shell(before));

        db.importFrom(List.of(indexFile(LayerBuilder.sha1(anonymous) + "\torg.springframework\tspring-beans\t5.3.17")));
        ScanReport after = image.scan(scanner);
        ScanReport fresh = image.scan(new EmbeddedScanner(db)); // another scanner: from the table, not its memory
        assertEquals(1, image.opened.get(), "the layer came from the cache");
        for (ScanReport report : List.of(after, fresh)) {
            InstalledPackage pkg = springBeans(report);
            assertEquals("sha1", pkg.identifiedBy());
            assertEquals("app/app.jar!BOOT-INF/lib/lib-0001.jar", pkg.location());
            assertEquals(1, spring4Shell(report).size());
        }
    }
}
