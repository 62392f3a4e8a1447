package io.wharf.registry;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What Wharf records of a manifest: its media type, its config, the blobs or manifests it
 * references, the artifact's size (manifest plus everything it references, as Harbor counts it),
 * and the digest of the manifest it refers to as its {@code subject} (a signature, an SBOM), if any.
 * For the referrers API also what a descriptor of the manifest says: its own size, its
 * {@code artifactType} (the field, else the config's media type, as OCI 1.1 says) and its
 * annotations (a JSON object, or null).
 */
public record ManifestSummary(String mediaType, String configMediaType, String configDigest,
                              List<String> references, long totalSize, String subjectDigest,
                              long manifestSize, String artifactType, String annotations) {

    public static final String DOCKER_V2 = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_V1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final Set<String> MANIFEST_TYPES = Set.of(DOCKER_V2, DOCKER_LIST, DOCKER_V1_SIGNED, OCI_MANIFEST, OCI_INDEX,
            "application/vnd.docker.distribution.manifest.v1+json");

    /** The Accept header that makes the registry answer with any manifest as it was pushed. */
    public static final String ACCEPT_ALL = String.join(", ", OCI_INDEX, OCI_MANIFEST, DOCKER_LIST, DOCKER_V2, DOCKER_V1_SIGNED);

    public static boolean isManifest(String mediaType) {
        return mediaType != null && MANIFEST_TYPES.contains(mediaType);
    }

    public boolean isIndex() { return OCI_INDEX.equals(mediaType) || DOCKER_LIST.equals(mediaType); }

    /**
     * @param contentType the registry's Content-Type for the manifest, used when the body does not
     *                    name its own media type (an OCI manifest may omit it)
     */
    public static ManifestSummary parse(byte[] body, String contentType) {
        JsonObject json;
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            json = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new IllegalArgumentException("manifest is not a JSON object", e);
        }
        String mediaType = json.getString("mediaType", null);
        if (mediaType == null) mediaType = contentType == null ? OCI_MANIFEST : contentType.split(";")[0].trim();
        long size = body.length;
        List<String> references = new ArrayList<>();
        String configDigest = null;
        String configMediaType = null;
        JsonObject config = json.getJsonObject("config");
        if (config != null) {
            configDigest = config.getString("digest", null);
            configMediaType = config.getString("mediaType", null);
            size += config.getJsonNumber("size") == null ? 0 : config.getJsonNumber("size").longValue();
        }
        for (String field : List.of("layers", "manifests")) {
            JsonArray items = json.getJsonArray(field);
            if (items == null) continue;
            for (JsonObject item : items.getValuesAs(JsonObject.class)) {
                String digest = item.getString("digest", null);
                if (digest != null) references.add(digest);
                if (item.getJsonNumber("size") != null) size += item.getJsonNumber("size").longValue();
            }
        }
        JsonObject subject = json.get("subject") instanceof JsonObject o ? o : null;
        String subjectDigest = subject == null ? null : subject.getString("digest", null);
        String artifactType = json.get("artifactType") instanceof jakarta.json.JsonString t ? t.getString() : configMediaType;
        String annotations = json.get("annotations") instanceof JsonObject a && !a.isEmpty() ? a.toString() : null;
        return new ManifestSummary(mediaType, configMediaType, configDigest, List.copyOf(references), size, subjectDigest,
                body.length, artifactType, annotations);
    }
}
