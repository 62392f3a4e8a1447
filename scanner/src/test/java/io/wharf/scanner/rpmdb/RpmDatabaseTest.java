package io.wharf.scanner.rpmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three database formats. SQLite: databases written by the real rpm ({@code rpmdb/make-rpmdb.sh}: rpmbuild,
 * {@code rpm --initdb}, {@code rpm -i --justdb}), checked against what {@code rpm -qa} reads from them. Berkeley DB
 * and ndb, which Debian's rpm cannot write: public test databases from go-rpmdb (a UBI 8 libuuid database, which
 * Debian's rpm can still read through its read-only {@code bdb_ro} backend, and a SUSE BCI 15.3 {@code Packages.db}).
 */
class RpmDatabaseTest {
    private static final String QF = "%{NAME} %{EPOCH} %{VERSION}-%{RELEASE} %{ARCH} %{SOURCERPM} %{MODULARITYLABEL}\\n";

    static Path resource(String path) {
        try {
            return Path.of(RpmDatabaseTest.class.getResource("/rpmdb/" + path).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The packages as {@code rpm -q --qf QF} prints them, sorted, for comparison with the real rpm's output. */
    static List<String> asRpmPrints(List<RpmHeader> headers) {
        return headers.stream().map(h -> h.name() + " " + (h.epoch() == null ? "(none)" : h.epoch()) + " "
                + h.version() + "-" + h.release() + " " + h.arch() + " " + h.sourceRpm() + " "
                + (h.modularityLabel() == null ? "(none)" : h.modularityLabel())).sorted().toList();
    }

    static List<String> rpmQueryAll(Path dbDir, String... defines) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/rpm"));
        cmd.addAll(Arrays.asList(defines));
        cmd.addAll(List.of("-qa", "--dbpath", dbDir.toAbsolutePath().toString(), "--qf", QF));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd));
        return out.lines().sorted().toList();
    }

    /** The list file the database was made from, as rpm would print its packages. */
    static List<String> expectedFromList(String listFile) throws IOException {
        return Files.readAllLines(resource(listFile)).stream().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> {
                    String[] f = l.trim().split("\\s+");
                    String epoch = f[2].equals("-") ? "(none)" : f[2];
                    return f[1] + " " + epoch + " " + f[3] + "-" + f[4] + " " + f[5] + " " + f[0] + "-" + f[3] + "-"
                            + f[4] + ".src.rpm " + (f[6].equals("-") ? "(none)" : f[6]);
                }).sorted().collect(Collectors.toList());
    }

    @Test
    void readsSqliteDatabasesWrittenByRpm() throws Exception {
        for (String release : List.of("almalinux9", "almalinux9-updated", "almalinux8")) {
            RpmDatabase.Contents db = RpmDatabase.read(resource(release + "/rpmdb.sqlite"));
            assertEquals(RpmDatabase.Format.SQLITE, db.format());
            assertEquals(0, db.skipped());
            assertEquals(expectedFromList(release + ".list"), asRpmPrints(db.packages()), release);
        }
        RpmHeader nodejs = RpmDatabase.read(resource("almalinux8/rpmdb.sqlite")).packages().stream()
                .filter(h -> h.name().equals("nodejs")).findFirst().orElseThrow();
        assertEquals("1:16.20.1-1.module_el8.8.0+3613+3e2f2a40", nodejs.evr());
        assertEquals("nodejs:16:8080020230607100314:b0a9d20e", nodejs.modularityLabel());
        assertEquals("nodejs", nodejs.sourceName());
    }

    @Test
    void agreesWithRpmOnTheCommittedDatabases() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/rpm")), "rpm not installed");
        for (String release : List.of("almalinux9", "almalinux9-updated", "almalinux8")) {
            Path dir = resource(release);
            assertEquals(rpmQueryAll(dir), asRpmPrints(RpmDatabase.read(dir.resolve("rpmdb.sqlite")).packages()));
        }
    }

    /** A database made now by the real rpmbuild and rpm, read back and compared with {@code rpm -qa}. */
    @Test
    void readsADatabaseRpmWritesNow(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/rpmbuild")), "rpmbuild not installed");
        Process p = new ProcessBuilder("sh", resource("make-rpmdb.sh").toString(),
                resource("almalinux9.list").toString(), tmp.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        List<String> read = asRpmPrints(RpmDatabase.read(tmp.resolve("rpmdb.sqlite")).packages());
        assertEquals(rpmQueryAll(tmp), read);
        assertEquals(expectedFromList("almalinux9.list"), read);
    }

    @Test
    void readsBerkeleyDbHashDatabases() throws Exception {
        RpmDatabase.Contents db = RpmDatabase.read(resource("go-rpmdb/libuuid/Packages"));
        assertEquals(RpmDatabase.Format.BERKELEY_DB, db.format());
        assertEquals(List.of("libuuid (none) 2.32.1-42.el8_8 x86_64 util-linux-2.32.1-42.el8_8.src.rpm (none)"),
                asRpmPrints(db.packages()));
    }

    @Test
    void agreesWithRpmsReadOnlyBerkeleyDbBackend(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/rpm")), "rpm not installed");
        Files.copy(resource("go-rpmdb/libuuid/Packages"), tmp.resolve("Packages"));
        List<String> rpm = rpmQueryAll(tmp, "--define", "_db_backend bdb_ro");
        assertTrue(!rpm.isEmpty());
        assertEquals(rpm, asRpmPrints(RpmDatabase.read(tmp.resolve("Packages")).packages()));
    }

    /** go-rpmdb's expectations for this database (SLE15WithNDB in its rpmdb_testcase_test.go). */
    @Test
    void readsNdbDatabases() throws Exception {
        RpmDatabase.Contents db = RpmDatabase.read(resource("go-rpmdb/sle15-bci/Packages.db"));
        assertEquals(RpmDatabase.Format.NDB, db.format());
        assertEquals(0, db.skipped());
        List<String> nevra = db.packages().stream().filter(h -> !h.name().equals("gpg-pubkey"))
                .map(h -> h.name() + " " + h.version() + "-" + h.release() + " " + h.arch()).toList();
        assertEquals(35, nevra.size(), nevra.toString());
        assertTrue(nevra.containsAll(List.of("system-user-root 20190513-3.3.1 noarch", "glibc 2.31-9.3.2 x86_64",
                "libgcc_s1 11.2.1+git610-1.3.9 x86_64", "rpm-ndb 4.14.3-40.1 x86_64")), nevra.toString());
        RpmHeader libpcre = db.packages().stream().filter(h -> h.name().equals("libpcre1")).findFirst().orElseThrow();
        assertEquals("pcre", libpcre.sourceName());
        assertEquals("8.45-20.10.1", libpcre.sourceVersionRelease());
    }

    /**
     * Each database with bytes overwritten at random (seeded, so a failure reproduces): the reader either reads it or
     * says it cannot, with an IOException, and does not run away in time.
     */
    @Test
    void damagedDatabasesGiveAnErrorNotACrash(@TempDir Path tmp) throws Exception {
        java.util.Random random = new java.util.Random(15);
        for (String db : List.of("almalinux9/rpmdb.sqlite", "go-rpmdb/libuuid/Packages", "go-rpmdb/sle15-bci/Packages.db")) {
            byte[] original = Files.readAllBytes(resource(db));
            for (int round = 0; round < 40; round++) {
                byte[] damaged = original.clone();
                int flips = 1 + random.nextInt(64);
                for (int i = 0; i < flips; i++) {
                    damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
                }
                Path file = Files.write(tmp.resolve("db-" + round), damaged);
                long start = System.nanoTime();
                try {
                    RpmDatabase.read(file);
                } catch (IOException expected) {
                    assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
                }
                assertTrue(System.nanoTime() - start < 10_000_000_000L, db + " round " + round + " took too long");
            }
        }
    }

    @Test
    void refusesWhatIsNoRpmDatabase(@TempDir Path tmp) throws Exception {
        Path text = Files.writeString(tmp.resolve("Packages"), "not a database, just some text of fair length\n");
        IOException e = assertThrows(IOException.class, () -> RpmDatabase.read(text));
        assertTrue(e.getMessage().contains("not an rpm database"), e.getMessage());

        Path truncated = tmp.resolve("rpmdb.sqlite");
        byte[] whole = Files.readAllBytes(resource("almalinux9/rpmdb.sqlite"));
        Files.write(truncated, Arrays.copyOf(whole, 4096 + 100));
        assertThrows(IOException.class, () -> RpmDatabase.read(truncated));
    }
}
