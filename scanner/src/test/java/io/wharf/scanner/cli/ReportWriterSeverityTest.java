package io.wharf.scanner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.scanner.EmbeddedScanner;
import io.wharf.scanner.LayerRef;
import io.wharf.scanner.ScanReport;
import io.wharf.scanner.VulnDatabase;
import io.wharf.scanner.support.LayerBuilder;
import io.wharf.scanner.support.LayerBuilder.Compression;
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
import org.junit.jupiter.api.Test;

/** {@code --format json}: each finding's preferred CVSS, CWE ids and the source of its severity, as Harbor's report 1.1 has them. */
class ReportWriterSeverityTest {
    private static JsonObject report(List<java.nio.file.Path> data) throws IOException {
        VulnDatabase db = new VulnDatabase(TestDatabase.fresh());
        assertTrue(db.importFrom(data).warnings().isEmpty());
        byte[] layer = new LayerBuilder().file("srv/node_modules/lodash/package.json",
                "{\"name\":\"lodash\",\"version\":\"4.17.15\"}").build(Compression.GZIP);
        List<LayerRef> layers = List.of(new LayerRef(LayerBuilder.sha256(layer), "gzip", layer.length));
        ScanReport scanned = new EmbeddedScanner(db).scan(layers, l -> new ByteArrayInputStream(layer));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportWriter.json(scanned, "shop:v1", new PrintStream(out, true, StandardCharsets.UTF_8));
        return Json.createReader(new StringReader(out.toString(StandardCharsets.UTF_8))).readObject();
    }

    private static JsonObject vulnerability(JsonObject doc, String id) {
        return doc.getJsonArray("vulnerabilities").getValuesAs(JsonObject.class).stream()
                .filter(v -> v.getString("id").equals(id)).findFirst().orElseThrow();
    }

    @Test
    void nvdRatedFindingCarriesPreferredCvssCweIdsVendorAttributesAndSeveritySource() throws IOException {
        JsonObject doc = report(List.of(VulnData.osv(), VulnData.nvd("CVE-2020-8203"), VulnData.nvd("CVE-2021-23337")));
        JsonObject v = vulnerability(doc, "GHSA-p6mc-m468-83gw"); // lodash, CVE-2020-8203
        assertEquals("High", v.getString("severity"));
        assertEquals("nvd", v.getString("severity_source"));
        JsonObject cvss = v.getJsonObject("preferred_cvss");
        assertEquals(7.4, cvss.getJsonNumber("score_v3").doubleValue());
        assertEquals("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H", cvss.getString("vector_v3"));
        assertEquals(5.8, cvss.getJsonNumber("score_v2").doubleValue());
        assertEquals("AV:N/AC:M/Au:N/C:N/I:P/A:P", cvss.getString("vector_v2"));
        assertEquals("nvd", cvss.getString("source"));
        assertEquals("3.1", cvss.getString("version"));
        assertEquals(List.of("CWE-1321", "CWE-770"), v.getJsonArray("cwe_ids").getValuesAs(jakarta.json.JsonString.class)
                .stream().map(jakarta.json.JsonString::getString).toList());
        JsonObject nvd = v.getJsonObject("vendor_attributes").getJsonObject("CVSS").getJsonObject("nvd");
        assertEquals(7.4, nvd.getJsonNumber("V3Score").doubleValue());
        assertEquals("AV:N/AC:M/Au:N/C:N/I:P/A:P", nvd.getString("V2Vector"));
    }

    @Test
    void withoutAnNvdRecordTheAdvisoryRatesIt() throws IOException {
        JsonObject v = vulnerability(report(List.of(VulnData.osv())), "GHSA-p6mc-m468-83gw");
        assertEquals("High", v.getString("severity"));
        assertEquals("ghsa", v.getString("severity_source"));
        assertEquals("ghsa", v.getJsonObject("preferred_cvss").getString("source"));
        assertTrue(v.getJsonObject("preferred_cvss").containsKey("score_v3"));
        assertEquals(0, v.getJsonArray("cwe_ids").size());
        assertFalse(v.containsKey("vendor_attributes"));
    }
}
