package io.wharf.scanner.match;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wharf.scanner.EmbeddedScanner;
import io.wharf.scanner.Finding;
import io.wharf.scanner.ScanReport;
import io.wharf.scanner.VulnDatabase;
import io.wharf.scanner.support.LayerBuilder;
import io.wharf.scanner.support.LayerBuilder.Compression;
import io.wharf.scanner.support.TestDatabase;
import io.wharf.scanner.support.VulnData;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The matcher remembers database rows across scans; new vulnerability data must still be seen at once. */
class MatcherMemoTest {
    private static ScanEndToEndTest.Image lodash(String version) {
        return new ScanEndToEndTest.Image().layer(new LayerBuilder()
                .file("app/node_modules/lodash/package.json", "{\"name\":\"lodash\",\"version\":\"" + version + "\"}")
                .build(Compression.GZIP), "gzip");
    }

    private static Set<String> ids(ScanReport report) {
        return report.findings().stream().map(Finding::vulnerabilityId).collect(Collectors.toSet());
    }

    @Test
    void importThroughAnotherDatabaseObjectIsSeenByTheNextScan() throws IOException {
        DataSource ds = TestDatabase.fresh();
        VulnDatabase scanning = new VulnDatabase(ds);
        scanning.importFrom(List.of(VulnData.osv("GHSA-p6mc-m468-83gw")));
        EmbeddedScanner scanner = new EmbeddedScanner(scanning);
        ScanEndToEndTest.Image image = lodash("4.17.15");
        assertEquals(Set.of("GHSA-p6mc-m468-83gw"), ids(scanner.scan(image.layers, image)));

        // as Wharf does: the import goes through a VulnDatabase of its own on the same data source
        new VulnDatabase(ds).importFrom(List.of(VulnData.osv("GHSA-35jh-r3h4-6jhm")));
        assertEquals(Set.of("GHSA-p6mc-m468-83gw", "GHSA-35jh-r3h4-6jhm"), ids(scanner.scan(image.layers, image)));
        assertEquals(1, image.opened.get(), "the layer itself comes from the cache");
    }

    @Test
    void changeMadeByAnotherServerIsSeenThroughVulnSource() throws IOException, SQLException {
        DataSource ds = TestDatabase.fresh();
        VulnDatabase db = new VulnDatabase(ds);
        db.importFrom(List.of(VulnData.osv("GHSA-p6mc-m468-83gw"), VulnData.osv("GHSA-35jh-r3h4-6jhm")));
        EmbeddedScanner scanner = new EmbeddedScanner(db);
        ScanEndToEndTest.Image image = lodash("4.17.15");
        assertEquals(2, scanner.scan(image.layers, image).findings().size());

        // another server's import: rows changed in the shared tables, the global generation bumped; nothing in this JVM
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM vuln_affected WHERE vuln_id = 'GHSA-35jh-r3h4-6jhm'");
            s.executeUpdate("UPDATE vuln_generation SET current_generation = current_generation + 1");
        }
        assertEquals(Set.of("GHSA-p6mc-m468-83gw"), ids(scanner.scan(image.layers, image)));
    }

    @Test
    void manyPackagesInOneScanMatchAsOneByOne() throws IOException {
        DataSource ds = TestDatabase.fresh();
        VulnDatabase db = new VulnDatabase(ds);
        db.importFrom(List.of(VulnData.osv()));
        // more package names than one IN list holds, the vulnerable one among them
        LayerBuilder layer = new LayerBuilder();
        for (int i = 0; i < 250; i++) {
            layer.file("app/node_modules/pkg-" + i + "/package.json", "{\"name\":\"pkg-" + i + "\",\"version\":\"1.0.0\"}");
        }
        layer.file("app/node_modules/lodash/package.json", "{\"name\":\"lodash\",\"version\":\"4.17.20\"}");
        ScanEndToEndTest.Image image = new ScanEndToEndTest.Image().layer(layer.build(Compression.GZIP), "gzip");
        ScanReport report = new EmbeddedScanner(db).scan(image.layers, image);
        assertEquals(251, report.packages().size());
        assertEquals(Set.of("GHSA-35jh-r3h4-6jhm"), ids(report));
    }
}
