package io.wharf.scanner.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.scanner.layer.LayerInventory;
import io.wharf.scanner.layer.LayerReader;
import io.wharf.scanner.layer.MergedImage;
import io.wharf.scanner.support.LayerBuilder;
import io.wharf.scanner.support.LayerBuilder.Compression;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rpm database analyzer on layers holding the databases at the paths each distribution uses. */
class RpmDbAnalyzerTest {
    private static byte[] resource(String path) throws IOException {
        try {
            return Files.readAllBytes(Path.of(RpmDbAnalyzerTest.class.getResource("/rpmdb/" + path).toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MergedImage read(LayerBuilder layer) throws IOException {
        LayerInventory inv = new LayerReader(Analyzers.defaults())
                .read("sha256:test", new ByteArrayInputStream(layer.build(Compression.GZIP)));
        return MergedImage.of(List.of(inv));
    }

    private static FoundPackage find(MergedImage image, String name) {
        return image.packages().stream().map(MergedImage.LocatedPackage::pkg).filter(p -> p.name().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError(name + " not found"));
    }

    @Test
    void sqliteDatabaseOfFedoraStyleImagesUnderUsrLibSysimage() throws IOException {
        MergedImage image = read(new LayerBuilder()
                .file("usr/lib/sysimage/rpm/rpmdb.sqlite", resource("almalinux9/rpmdb.sqlite")));
        FoundPackage tar = find(image, "tar");
        assertEquals(new FoundPackage("tar", "2:1.34-6.el9_1", FoundPackage.RPM, "tar", null,
                "usr/lib/sysimage/rpm/rpmdb.sqlite", Map.of("arch", "x86_64")), tar);
        FoundPackage openssl = find(image, "openssl-libs");
        assertEquals("openssl", openssl.sourceName());
        assertEquals(null, openssl.sourceVersion()); // the source rpm's version is the binary's
        assertEquals("noarch", find(image, "tzdata").attributes().get("arch"));
    }

    @Test
    void berkeleyDbOfUbi8() throws IOException {
        MergedImage image = read(new LayerBuilder().file("var/lib/rpm/Packages", resource("go-rpmdb/libuuid/Packages")));
        FoundPackage libuuid = find(image, "libuuid");
        assertEquals("2.32.1-42.el8_8", libuuid.version());
        assertEquals("util-linux", libuuid.sourceName());
    }

    @Test
    void ndbOfSuseWithItsRelease() throws IOException {
        MergedImage image = read(new LayerBuilder()
                .file("etc/os-release", "NAME=\"SLES\"\nVERSION=\"15-SP3\"\nVERSION_ID=\"15.3\"\nID=\"sles\"\n"
                        + "ID_LIKE=\"suse\"\nCPE_NAME=\"cpe:/o:suse:sles:15:sp3\"\n")
                .file("usr/lib/sysimage/rpm/Packages.db", resource("go-rpmdb/sle15-bci/Packages.db")));
        assertEquals("SUSE:Linux Enterprise Server 15 SP3", image.osRelease().ecosystem());
        assertTrue(image.osRelease().rpmBased());
        FoundPackage libgcc = find(image, "libgcc_s1");
        assertEquals("11.2.1+git610-1.3.9", libgcc.version());
        assertEquals("gcc11", libgcc.sourceName());
        assertTrue(image.packages().stream().noneMatch(p -> p.pkg().name().equals("gpg-pubkey")));
    }

    @Test
    void aCorruptDatabaseIsSkippedAndTheRestOfTheLayerRead() throws IOException {
        byte[] whole = resource("almalinux9/rpmdb.sqlite");
        MergedImage image = read(new LayerBuilder()
                .file("etc/os-release", "ID=\"rocky\"\nVERSION_ID=\"9.3\"\n")
                .file("var/lib/rpm/rpmdb.sqlite", Arrays.copyOf(whole, whole.length / 2)));
        assertTrue(image.packages().isEmpty());
        assertEquals("Rocky Linux:9", image.osRelease().ecosystem());
    }

    /** ID and VERSION_ID as the distributions' images ship them, and the ecosystem their advisories use. */
    @Test
    void rpmDistributionReleases() {
        Map<String, String> releases = Map.of(
                "ID=\"rhel\"\nVERSION_ID=\"9.4\"\n", "Red Hat:9",
                "ID=\"almalinux\"\nVERSION_ID=\"8.10\"\n", "AlmaLinux:8",
                "ID=\"rocky\"\nVERSION_ID=\"8.9\"\n", "Rocky Linux:8",
                "ID=\"centos\"\nVERSION_ID=\"7\"\n", "CentOS:7",
                "ID=\"ol\"\nVERSION_ID=\"8.9\"\n", "Oracle Linux:8",
                "ID=fedora\nVERSION_ID=39\n", "Fedora:39",
                "ID=\"amzn\"\nVERSION_ID=\"2\"\n", "Amazon Linux:2",
                "ID=\"amzn\"\nVERSION_ID=\"2023\"\n", "Amazon Linux:2023",
                "ID=\"opensuse-leap\"\nVERSION_ID=\"15.5\"\n", "openSUSE:Leap 15.5");
        releases.forEach((text, ecosystem) -> {
            OsRelease os = OsReleaseAnalyzer.fromOsRelease(text);
            assertEquals(ecosystem, os.ecosystem(), text);
            assertTrue(os.rpmBased(), text);
        });
    }
}
