package io.wharf.scanner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.scanner.support.LayerBuilder;
import io.wharf.scanner.support.LayerBuilder.Compression;
import io.wharf.scanner.support.VulnData;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScannerCliTest {
    private Path tmp;
    private String jdbcUrl;
    private Path ociLayout;
    private Path dockerArchive;

    record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new ScannerCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static byte[] npmLayer() {
        return new LayerBuilder().file("srv/node_modules/lodash/package.json", "{\"name\":\"lodash\",\"version\":\"4.17.15\"}")
                .build(Compression.GZIP);
    }

    @BeforeAll
    void setUp(@TempDir Path dir) throws IOException {
        tmp = dir;
        jdbcUrl = "jdbc:derby:" + tmp.resolve("vulndb") + ";create=true";
        Run imported = run("--jdbc-url", jdbcUrl, "vulndb", "import", VulnData.osv().toString());
        assertEquals(0, imported.exit(), imported.err());

        byte[] layer = npmLayer();
        String layerDigest = LayerBuilder.sha256(layer);
        ociLayout = tmp.resolve("oci");
        Files.createDirectories(ociLayout.resolve("blobs/sha256"));
        Files.write(blob(layerDigest), layer);
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}".getBytes();
        Files.write(blob(LayerBuilder.sha256(config)), config);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + LayerBuilder.sha256(config) + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + layerDigest + "\",\"size\":"
                + layer.length + "}]}").getBytes();
        Files.write(blob(LayerBuilder.sha256(manifest)), manifest);
        Files.writeString(ociLayout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(ociLayout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + LayerBuilder.sha256(manifest)
                + "\",\"size\":" + manifest.length + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"v1\"}}]}");

        dockerArchive = tmp.resolve("image.tar");
        byte[] uncompressed = new LayerBuilder().file("srv/node_modules/lodash/package.json",
                "{\"name\":\"lodash\",\"version\":\"4.17.15\"}").build(Compression.NONE);
        String dockerConfig = "{\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + LayerBuilder.sha256(uncompressed) + "\"]}}";
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(dockerArchive))) {
            put(tar, "abc123/layer.tar", uncompressed);
            put(tar, "cfg.json", dockerConfig.getBytes());
            put(tar, "manifest.json", "[{\"Config\":\"cfg.json\",\"RepoTags\":[\"shop:v1\"],\"Layers\":[\"abc123/layer.tar\"]}]".getBytes());
        }
    }

    private Path blob(String digest) {
        return ociLayout.resolve("blobs/sha256/" + digest.substring("sha256:".length()));
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    @Test
    void importPrintsCountsAndWarnings() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.json"), "{\"id\": ");
        Run r = run("--jdbc-url", jdbcUrl, "vulndb", "import", VulnData.osv("GHSA-jfh8-c2jp-5v3q").toString(), bad.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("osv") && r.out().contains("1 records"), r.out());
        assertTrue(r.out().contains("warning: skipped " + bad), r.out());
    }

    @Test
    void statusListsSources() {
        Run r = run("--jdbc-url", jdbcUrl, "vulndb", "status");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("osv"), r.out());
        assertTrue(r.out().contains("6 records") && r.out().contains("updated"), r.out());
    }

    @Test
    void scanOciLayoutAsTableAndJson() {
        Run table = run("--jdbc-url", jdbcUrl, "scan", ociLayout + ":v1");
        assertEquals(0, table.exit(), table.err());
        assertTrue(table.out().contains("GHSA-35jh-r3h4-6jhm") && table.out().contains("4.17.21"), table.out());

        Run json = run("scan", ociLayout.toString(), "--format", "json", "--jdbc-url", jdbcUrl);
        assertEquals(0, json.exit(), json.err());
        JsonObject doc = Json.createReader(new StringReader(json.out())).readObject();
        List<JsonObject> vulns = doc.getJsonArray("vulnerabilities").getValuesAs(JsonObject.class);
        assertEquals(2, vulns.size());
        JsonObject v = vulns.stream().filter(x -> x.getString("id").equals("GHSA-p6mc-m468-83gw")).findFirst().orElseThrow();
        assertEquals("lodash", v.getString("package"));
        assertEquals("4.17.15", v.getString("version"));
        assertEquals("4.17.20", v.getString("fix_version"));
        assertEquals("High", v.getString("severity"));
        assertEquals("High", doc.getString("severity"));
    }

    @Test
    void failOnSetsExitCodeOne() {
        assertEquals(1, run("--jdbc-url", jdbcUrl, "scan", ociLayout.toString(), "--fail-on", "High").exit());
        assertEquals(0, run("--jdbc-url", jdbcUrl, "scan", ociLayout.toString(), "--fail-on", "critical").exit());
    }

    @Test
    void dockerArchiveAndCycloneDx() {
        Run r = run("--jdbc-url", jdbcUrl, "scan", dockerArchive.toString(), "--format", "cyclonedx");
        assertEquals(0, r.exit(), r.err());
        JsonObject bom = Json.createReader(new StringReader(r.out())).readObject();
        assertEquals("CycloneDX", bom.getString("bomFormat"));
        assertEquals("pkg:npm/lodash@4.17.15",
                bom.getJsonArray("components").getJsonObject(0).getString("purl"));
    }

    @Test
    void usageAndRuntimeErrorsExitTwoWithOneLineAndNoStackTrace() {
        Run none = run();
        assertEquals(2, none.exit());
        assertTrue(none.err().startsWith("error: "));
        Run noUrl = run("vulndb", "status");
        assertEquals(2, noUrl.exit());
        assertTrue(noUrl.err().contains("--jdbc-url"));
        Run badSeverity = run("--jdbc-url", jdbcUrl, "scan", ociLayout.toString(), "--fail-on", "severe");
        assertEquals(2, badSeverity.exit());

        Run missing = run("--jdbc-url", jdbcUrl, "scan", tmp.resolve("nothing-here").toString());
        assertEquals(2, missing.exit());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        assertFalse(missing.err().contains("\tat "));

        Run badDb = run("--jdbc-url", "jdbc:nosuchdriver:x", "vulndb", "status");
        assertEquals(2, badDb.exit());
        assertEquals(1, badDb.err().strip().lines().count(), badDb.err());

        Run debug = run("--debug", "--jdbc-url", jdbcUrl, "scan", tmp.resolve("nothing-here").toString());
        assertEquals(2, debug.exit());
        assertTrue(debug.err().contains("\tat "), "--debug prints the stack trace");
    }

    @Test
    void vulndbExportWritesAnArchiveThatImportGivesAnotherDatabase() {
        Path archive = tmp.resolve("export/vulndb.tar.gz");
        Run exported = run("--jdbc-url", jdbcUrl, "vulndb", "export", archive.toString());
        assertEquals(0, exported.exit(), exported.err());
        assertTrue(exported.out().contains("osv") && exported.out().contains("6 records"), exported.out());

        String other = "jdbc:derby:" + tmp.resolve("vulndb-airgapped") + ";create=true";
        Run imported = run("--jdbc-url", other, "vulndb", "import", archive.toString());
        assertEquals(0, imported.exit(), imported.err());
        Run scanned = run("--jdbc-url", other, "scan", ociLayout + ":v1");
        assertEquals(0, scanned.exit(), scanned.err());
        assertTrue(scanned.out().contains("GHSA-p6mc-m468-83gw"), scanned.out());

        Run usage = run("--jdbc-url", other, "vulndb", "export");
        assertEquals(2, usage.exit());
        assertTrue(usage.err().contains("vulndb export needs one FILE"), usage.err());
    }
}
