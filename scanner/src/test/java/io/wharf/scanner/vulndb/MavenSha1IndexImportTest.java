package io.wharf.scanner.vulndb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.scanner.ImportResult;
import io.wharf.scanner.SourceStatus;
import io.wharf.scanner.VulnDatabase;
import io.wharf.scanner.support.TestDatabase;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Importing {@code sha1 groupId artifactId version} files; the SHA-1s are the ones Maven Central publishes. */
class MavenSha1IndexImportTest {
    private static final String BEANS_5_3_17 = "3d9c415cb47c96a81b1267665f513e4676af53b4";
    private static final String BEANS_5_3_18 = "3f0ea6598a5a1eae0a672f025a33a0b7e0d6dfd3";
    private static final String BEANS_5_2_19 = "3cfd1e0bb13a1947305eae9bf03c19e528e11a8b";
    private static final String BEANS_5_2_20 = "c8fe5b917bb711c390dd826beb953c3cead5407b";

    private final DataSource ds = TestDatabase.fresh();
    private final VulnDatabase db = new VulnDatabase(ds);
    private final VulnStore store = new VulnStore(ds);

    @TempDir
    Path tmp;

    private Map<String, MavenSha1Index.Coordinates> lookup(String... sha1s) throws SQLException {
        try (Connection c = store.connection()) {
            return MavenSha1Index.lookup(c, List.of(sha1s));
        }
    }

    @Test
    void linesFileWithCommentsAndAMalformedLine() throws IOException, SQLException {
        Path index = tmp.resolve("spring-beans.sha1s");
        Files.writeString(index, """
                # spring-beans from Maven Central
                %s org.springframework spring-beans 5.3.17

                %s\torg.springframework\tspring-beans\t5.3.18
                %s   org.springframework   spring-beans   5.2.19.RELEASE
                not a sha1 org.springframework spring-beans 1.0
                """.formatted(BEANS_5_3_17, BEANS_5_3_18.toUpperCase(), BEANS_5_2_19));
        Files.writeString(tmp.resolve("README.md"), "# notes\nnothing to import here\n");

        ImportResult result = db.importFrom(List.of(tmp));
        assertEquals(Map.of("maven-sha1", 3), result.counts());
        assertEquals(1, result.warnings().size(), result.warnings().toString());
        assertTrue(result.warnings().get(0).contains("spring-beans.sha1s (1 lines, the first at line 6)"),
                result.warnings().get(0));
        assertEquals(new MavenSha1Index.Coordinates("org.springframework", "spring-beans", "5.3.18"),
                lookup(BEANS_5_3_18).get(BEANS_5_3_18), "upper-case hex is stored in lower case");
        assertEquals(3, lookup(BEANS_5_3_17, BEANS_5_3_18, BEANS_5_2_19, BEANS_5_2_20).size());
        SourceStatus status = db.status().stream().filter(s -> s.name().equals("maven-sha1")).findFirst().orElseThrow();
        assertEquals(3, status.records());
    }

    @Test
    void gzipFileAndReimportReplaces() throws IOException, SQLException {
        Path index = tmp.resolve("index.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(index))) {
            out.write((BEANS_5_2_20 + " org.springframework spring-beans 5.2.20\n").getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(Map.of("maven-sha1", 1), db.importFrom(List.of(index)).counts());
        assertEquals("5.2.20", lookup(BEANS_5_2_20).get(BEANS_5_2_20).version());

        Path fix = tmp.resolve("fix.txt");
        Files.writeString(fix, BEANS_5_2_20 + " org.springframework spring-beans 5.2.20.RELEASE\n");
        ImportResult again = db.importFrom(List.of(fix));
        assertTrue(again.warnings().isEmpty(), again.warnings().toString());
        assertEquals("5.2.20.RELEASE", lookup(BEANS_5_2_20).get(BEANS_5_2_20).version());
        assertEquals(1, TestDatabase.count(ds, "SELECT COUNT(*) FROM vuln_maven_sha1"));
    }

    /** A real index in the format Maven Central publishes (maven-index/README.md): its SHA-1 documents, the last wins. */
    @Test
    void mavenRepositoryIndexAsMavenCentralPublishesIt() throws Exception {
        Path index = Path.of(MavenSha1IndexImportTest.class.getResource("/maven-index/nexus-maven-repository-index.gz").toURI());
        ImportResult result = db.importFrom(List.of(index));
        assertTrue(result.warnings().isEmpty(), result.warnings().toString());
        assertEquals(Map.of("maven-sha1", 2), result.counts());
        String sha1 = "43f0f4aa97872543d086c7ab7c5366b1e5311312";
        assertEquals(new MavenSha1Index.Coordinates("org.sonatype.nexus", "nexus-indexer", "1.0-beta-5-SNAPSHOT"),
                lookup(sha1).get(sha1));

        // cut short: a warning naming the file, no failure of the import
        byte[] bytes = Files.readAllBytes(index);
        Path truncated = tmp.resolve("truncated-index.gz");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        ImportResult broken = new VulnDatabase(TestDatabase.fresh()).importFrom(List.of(truncated));
        assertEquals(1, broken.warnings().size(), broken.warnings().toString());
        assertTrue(broken.warnings().get(0).contains("truncated-index.gz: cannot read"), broken.warnings().get(0));
    }
}
