package io.wharf.sbom;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The OCI image manifest that stores an SBOM as an accessory of its subject, as Harbor 2.11 writes
 * it: artifact type {@value #ARTIFACT_TYPE}, the OCI empty config, one layer with the SBOM document,
 * the subject's descriptor (so the referrers API finds it) and Harbor's annotations.
 */
public final class SbomManifest {
    /** Harbor's artifact type of a generated SBOM. */
    public static final String ARTIFACT_TYPE = "application/vnd.goharbor.harbor.sbom.v1";
    public static final String CYCLONEDX_JSON = "application/vnd.cyclonedx+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String EMPTY_MEDIA_TYPE = "application/vnd.oci.empty.v1+json";
    /** The OCI empty descriptor's content, {@code {}}. */
    public static final byte[] EMPTY_CONFIG = "{}".getBytes(StandardCharsets.US_ASCII);
    public static final String DESCRIPTION = "CycloneDX JSON SBOM";

    private SbomManifest() { }

    /** The subject: the image the SBOM describes, as its descriptor names it. */
    public record Subject(String mediaType, String digest, long size) {}

    /** A manifest ready to put: its bytes, digest and media type. */
    public record Built(byte[] body, String digest, String mediaType) {}

    public static Built build(Subject subject, byte[] sbom, Instant created) {
        if (subject.digest() == null || !subject.digest().startsWith("sha256:")) {
            throw new IllegalArgumentException("the subject needs a sha256 digest");
        }
        JsonObject manifest = Json.createObjectBuilder()
                .add("schemaVersion", 2)
                .add("mediaType", OCI_MANIFEST)
                .add("artifactType", ARTIFACT_TYPE)
                .add("config", descriptor(EMPTY_MEDIA_TYPE, digest(EMPTY_CONFIG), EMPTY_CONFIG.length))
                .add("layers", Json.createArrayBuilder().add(descriptor(CYCLONEDX_JSON, digest(sbom), sbom.length)
                        .add("annotations", Json.createObjectBuilder().add("org.opencontainers.image.title", "sbom.cdx.json"))))
                .add("subject", descriptor(subject.mediaType(), subject.digest(), subject.size()))
                .add("annotations", Json.createObjectBuilder()
                        .add("created-by", "Harbor")
                        .add("org.opencontainers.artifact.created", created.truncatedTo(ChronoUnit.SECONDS).toString())
                        .add("org.opencontainers.artifact.description", DESCRIPTION))
                .build();
        StringWriter out = new StringWriter();
        try (var writer = Json.createWriter(out)) {
            writer.writeObject(manifest);
        }
        byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
        return new Built(body, digest(body), OCI_MANIFEST);
    }

    static String digest(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonObjectBuilder descriptor(String mediaType, String digest, long size) {
        return Json.createObjectBuilder().add("mediaType", mediaType).add("digest", digest).add("size", size);
    }
}
