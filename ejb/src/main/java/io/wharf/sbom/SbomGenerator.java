package io.wharf.sbom;

import io.wharf.jobservice.JobContext;
import io.wharf.notification.PushRecorder;
import io.wharf.registry.RegistryContent;
import io.wharf.registry.RegistryManifests;
import io.wharf.registry.RegistryWrites;
import io.wharf.scan.EmbeddedImageScanner;
import io.wharf.scan.ImageManifests;
import io.wharf.scan.spi.ScanContext;
import io.wharf.scanner.InstalledPackage;
import io.wharf.scanner.ScanReport;
import io.wharf.scanner.cli.ReportWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Builds an artifact's CycloneDX SBOM from the embedded scanner's inventory (layers read before
 * come from the layer cache) and stores it in the registry as the artifact's accessory: the empty
 * config and the SBOM blob first, the manifest last, then the record. A failure after the manifest
 * was put removes it again, so a failed generation leaves no SBOM behind.
 */
@ApplicationScoped
public class SbomGenerator {
    @Inject ImageManifests images;
    @Inject EmbeddedImageScanner scanner;
    @Inject RegistryWrites writes;
    @Inject RegistryManifests manifests;
    @Inject PushRecorder recorder;
    @Inject SbomLifecycle lifecycle;
    @Inject RegistryContent content;

    /** An SBOM larger than this is refused rather than held in memory. */
    @Inject @ConfigProperty(name = "sbom.max.bytes", defaultValue = "67108864")
    int maxBytes;

    public void generate(String reportId, String repository, String digest, JobContext context) throws Exception {
        context.log().info("generating the SBOM of " + repository + "@" + digest);
        RegistryWrites.RawManifest subject = writes.manifest(repository, digest);
        String authorization = images.pullAuthorization(repository);
        ScanContext scan = new ScanContext(line -> context.log().info(line), context::stopRequested);
        List<InstalledPackage> packages = new ArrayList<>();
        String osRelease = null;
        for (ImageManifests.PlatformImage image : images.targets(repository, images.manifests(repository, digest, authorization), authorization)) {
            ScanReport inventory = scanner.inventory(image.target(), scan);
            packages.addAll(inventory.packages());
            if (osRelease == null) osRelease = inventory.osRelease();
        }
        context.log().info("found " + packages.size() + " packages");
        byte[] sbom = cyclonedx(new ScanReport(osRelease, packages, List.of()), repository + "@" + digest);
        if (sbom.length > maxBytes) throw new IllegalStateException("the SBOM is larger than " + maxBytes + " bytes");
        SbomManifest.Built manifest = SbomManifest.build(
                new SbomManifest.Subject(subject.mediaType(), digest, subject.body().length), sbom, Instant.now());
        writes.pushBlob(repository, SbomManifest.EMPTY_CONFIG);
        writes.pushBlob(repository, sbom);
        writes.putManifest(repository, manifest.digest(), new RegistryWrites.RawManifest(manifest.body(), manifest.mediaType(), manifest.digest()));
        boolean kept = false;
        try {
            if (!recorder.recordRelayed(repository, manifest.digest(), manifest.digest(), manifest.body(), manifest.mediaType(),
                    RegistryManifests.SERVICE_ACTOR) && !alreadyRecorded(repository, manifest.digest())) {
                throw new IllegalStateException("the SBOM of " + repository + "@" + digest + " could not be recorded");
            }
            kept = lifecycle.succeeded(reportId, manifest.digest());
            if (!kept) context.log().warning("the generation ended before its SBOM was stored; the SBOM is removed");
            else context.log().info("SBOM " + manifest.digest() + " attached to " + digest);
        } finally {
            if (!kept) {
                manifests.delete(repository, manifest.digest());
                recorder.recordRelayedDelete(repository, manifest.digest(), RegistryManifests.SERVICE_ACTOR);
            }
        }
    }

    private boolean alreadyRecorded(String repository, String digest) {
        // The registry's event may have recorded it first: then recordRelayed found nothing new to record.
        return content.repository(repository).flatMap(r -> content.artifact(r.getId(), digest)).isPresent();
    }

    static byte[] cyclonedx(ScanReport inventory, String image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, false, StandardCharsets.UTF_8)) {
            ReportWriter.cyclonedx(inventory, image, print);
        }
        return out.toByteArray();
    }
}
