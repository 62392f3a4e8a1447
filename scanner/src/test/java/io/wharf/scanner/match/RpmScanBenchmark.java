package io.wharf.scanner.match;

import io.wharf.scanner.EmbeddedScanner;
import io.wharf.scanner.ScanReport;
import io.wharf.scanner.VulnDatabase;
import io.wharf.scanner.support.LayerBuilder;
import io.wharf.scanner.support.LayerBuilder.Compression;
import io.wharf.scanner.support.TestDatabase;
import io.wharf.scanner.support.VulnData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Not a test (no surefire name): times one cold scan of an image whose layer holds the given rpmdb.sqlite, against
 * the test AlmaLinux advisories. Run in a fresh JVM: {@code java -cp ... RpmScanBenchmark path/to/rpmdb.sqlite}.
 */
public final class RpmScanBenchmark {
    private RpmScanBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        byte[] layer = new LayerBuilder().file("etc/os-release", "ID=\"almalinux\"\nVERSION_ID=\"9.3\"\n")
                .file("var/lib/rpm/rpmdb.sqlite", Files.readAllBytes(Path.of(args[0]))).build(Compression.GZIP);
        VulnDatabase db = new VulnDatabase(TestDatabase.fresh());
        db.importFrom(List.of(VulnData.root()));
        ScanEndToEndTest.Image image = new ScanEndToEndTest.Image().layer(layer, "application/vnd.oci.image.layer.v1.tar+gzip");
        long start = System.nanoTime();
        ScanReport report = new EmbeddedScanner(db).scan(image.layers, image);
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println("cold scan: " + report.packages().size() + " rpm packages, layer " + layer.length
                + " bytes gzip, " + ms + " ms");
        long t0 = System.nanoTime();
        int headers = io.wharf.scanner.rpmdb.RpmDatabase.read(Path.of(args[0])).packages().size();
        System.out.println("database read again (warm): " + headers + " headers, "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }
}
