package io.wharf.scanner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.scanner.EmbeddedScanner;
import io.wharf.scanner.LayerRef;
import io.wharf.scanner.ScanReport;
import io.wharf.scanner.VulnDatabase;
import io.wharf.scanner.support.LayerBuilder;
import io.wharf.scanner.support.LayerBuilder.Compression;
import io.wharf.scanner.support.MavenCentralJars;
import io.wharf.scanner.support.TestDatabase;
import io.wharf.scanner.support.VulnData;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The reports say how a jar was identified, and the SBOM keeps its Maven package URL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JavaIdentificationReportTest {
    private ScanReport report;

    @BeforeAll
    void scanAFatJarWithSpringBeans() throws IOException {
        VulnDatabase db = new VulnDatabase(TestDatabase.fresh());
        db.importFrom(List.of(VulnData.osv("GHSA-36p3-wjmg-h94x")));
        byte[] layer = new LayerBuilder().file("app/app.jar", MavenCentralJars.springBootFatJar("spring-beans-5.3.17.jar",
                MavenCentralJars.springBeans("5.3.17"))).build(Compression.GZIP);
        LayerRef ref = new LayerRef(LayerBuilder.sha256(layer), "application/vnd.oci.image.layer.v1.tar+gzip", layer.length);
        report = new EmbeddedScanner(db).scan(List.of(ref), l -> new ByteArrayInputStream(layer));
    }

    private String print(BiConsumer<ScanReport, PrintStream> writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.accept(report, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static JsonObject parse(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    @Test
    void jsonSaysHowEachFindingsAndPackagesJarWasIdentified() {
        JsonObject doc = parse(print((r, out) -> ReportWriter.json(r, "demo", out)));
        JsonObject finding = doc.getJsonArray("vulnerabilities").getValuesAs(JsonObject.class).stream()
                .filter(v -> v.getString("id").equals("GHSA-36p3-wjmg-h94x")).findFirst().orElseThrow();
        assertEquals("org.springframework:spring-beans", finding.getString("package"));
        assertEquals("manifest", finding.getString("identified_by"));
        List<JsonObject> packages = doc.getJsonArray("packages").getValuesAs(JsonObject.class);
        assertEquals("manifest", packages.stream().filter(p -> p.getString("name").equals("org.springframework:spring-beans"))
                .findFirst().orElseThrow().getString("identified_by"));
        assertEquals("pom.properties", packages.stream().filter(p -> p.getString("name").equals("com.example:demo"))
                .findFirst().orElseThrow().getString("identified_by"));
    }

    @Test
    void tableHasAnIdentifiedByColumn() {
        String table = print((r, out) -> ReportWriter.table(r, "demo", out));
        String header = table.lines().filter(l -> l.startsWith("SEVERITY")).findFirst().orElseThrow();
        assertTrue(header.endsWith("IDENTIFIED BY"), header);
        String row = table.lines().filter(l -> l.contains("GHSA-36p3-wjmg-h94x")).findFirst().orElseThrow();
        assertTrue(row.endsWith("manifest") && row.contains("org.springframework:spring-beans"), row);
    }

    @Test
    void cyclonedxKeepsTheMavenPackageUrl() {
        JsonObject bom = parse(print((r, out) -> ReportWriter.cyclonedx(r, "demo", out)));
        JsonObject beans = bom.getJsonArray("components").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("name").equals("org.springframework:spring-beans")).findFirst().orElseThrow();
        assertEquals("pkg:maven/org.springframework/spring-beans@5.3.17", beans.getString("purl"));
        assertTrue(beans.getJsonArray("properties").getValuesAs(JsonObject.class).stream().anyMatch(
                p -> p.getString("name").equals("wharf:identified-by") && p.getString("value").equals("manifest")),
                beans.toString());
    }
}
