package io.wharf.scanner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wharf.scanner.EmbeddedScanner;
import io.wharf.scanner.LayerRef;
import io.wharf.scanner.ScanReport;
import io.wharf.scanner.VulnDatabase;
import io.wharf.scanner.support.Fixtures;
import io.wharf.scanner.support.LayerBuilder;
import io.wharf.scanner.support.LayerBuilder.Compression;
import io.wharf.scanner.support.TestDatabase;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The CycloneDX SBOM names Python packages (installed or locked) by their pkg:pypi package URL. */
class PythonCycloneDxTest {
    @Test
    void pythonPackagesGetPypiPackageUrls() throws IOException {
        byte[] layer = Fixtures.debianDistPackages(new LayerBuilder())
                .file("srv/app/poetry.lock", Fixtures.bytes("lockfiles/poetry/poetry.lock"))
                .build(Compression.GZIP);
        LayerRef ref = new LayerRef(LayerBuilder.sha256(layer), "application/vnd.oci.image.layer.v1.tar+gzip",
                layer.length);
        ScanReport report = new EmbeddedScanner(new VulnDatabase(TestDatabase.fresh()))
                .scan(List.of(ref), l -> new ByteArrayInputStream(layer));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportWriter.cyclonedx(report, "python-app", new PrintStream(out, true, StandardCharsets.UTF_8));
        JsonObject bom = Json.createReader(new StringReader(out.toString(StandardCharsets.UTF_8))).readObject();
        Map<String, String> purlByLocation = bom.getJsonArray("components").getValuesAs(JsonObject.class).stream()
                .filter(c -> !c.getString("bom-ref").endsWith("#srv/app/poetry.lock"))
                .collect(Collectors.toMap(c -> c.getJsonArray("properties").getJsonObject(0).getString("value"),
                        c -> c.getString("purl")));
        String dist = "usr/lib/python3/dist-packages/";
        assertEquals("pkg:pypi/pyyaml@6.0", purlByLocation.get(dist + "PyYAML-6.0.dist-info/METADATA"));
        assertEquals("pkg:pypi/python-apt@2.6.0", purlByLocation.get(dist + "python_apt-2.6.0.egg-info/PKG-INFO"));
        assertEquals("pkg:pypi/jinja2@3.1.2", purlByLocation.get(dist + "Jinja2-3.1.2.egg-info/PKG-INFO"));
        assertEquals(List.of("pkg:pypi/certifi@2022.12.7", "pkg:pypi/chardet@4.0.0", "pkg:pypi/idna@2.10",
                        "pkg:pypi/requests@2.25.1", "pkg:pypi/urllib3@1.26.14"),
                bom.getJsonArray("components").getValuesAs(JsonObject.class).stream()
                        .filter(c -> c.getString("bom-ref").endsWith("#srv/app/poetry.lock"))
                        .map(c -> c.getString("purl")).sorted().toList());
    }
}
