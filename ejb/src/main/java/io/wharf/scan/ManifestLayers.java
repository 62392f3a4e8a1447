package io.wharf.scan;

import io.wharf.registry.ManifestSummary;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What a scan needs from a manifest: for an image, its layers bottom first; for an index or
 * manifest list, the platform images it names (attestations and other non-images left out).
 */
public final class ManifestLayers {
    /** A layer as the manifest lists it. */
    public record Layer(String digest, String mediaType, long size) {}

    /** A platform image an index names. */
    public record Child(String digest, String mediaType, String platform) {}

    /** A parsed manifest: either layers (an image) or children (an index). */
    public record Parsed(String mediaType, List<Layer> layers, List<Child> children) {
        public boolean isIndex() { return children != null; }
    }

    private ManifestLayers() { }

    /** @throws IllegalArgumentException when the bytes are not a manifest Wharf can scan */
    public static Parsed parse(byte[] body, String contentType) {
        JsonObject json;
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            json = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new IllegalArgumentException("the manifest is not a JSON object");
        }
        String mediaType = json.getString("mediaType", null);
        if (mediaType == null && contentType != null) mediaType = contentType.split(";")[0].trim();
        if (json.containsKey("manifests")) {
            List<Child> children = new ArrayList<>();
            for (JsonObject m : json.getJsonArray("manifests").getValuesAs(JsonObject.class)) {
                String digest = m.getString("digest", null);
                if (digest == null || isAttestation(m)) continue;
                JsonObject platform = m.getJsonObject("platform");
                String name = platform == null ? "unknown" : platform.getString("os", "?") + "/" + platform.getString("architecture", "?")
                        + (platform.containsKey("variant") ? "/" + platform.getString("variant", "") : "");
                children.add(new Child(digest, m.getString("mediaType", ManifestSummary.OCI_MANIFEST), name));
            }
            return new Parsed(mediaType == null ? ManifestSummary.OCI_INDEX : mediaType, null, children);
        }
        List<Layer> layers = new ArrayList<>();
        if (json.containsKey("fsLayers")) {
            // Docker schema 1 lists layers top first, with many empty ones repeated.
            JsonArray fs = json.getJsonArray("fsLayers");
            for (int i = fs.size() - 1; i >= 0; i--) {
                String digest = fs.getJsonObject(i).getString("blobSum", null);
                if (digest != null) layers.add(new Layer(digest, "application/vnd.docker.image.rootfs.diff.tar.gzip", -1));
            }
            return new Parsed(ManifestSummary.DOCKER_V1_SIGNED, layers, null);
        }
        JsonArray items = json.getJsonArray("layers");
        if (items == null) throw new IllegalArgumentException("the manifest lists no layers");
        for (JsonObject l : items.getValuesAs(JsonObject.class)) {
            String digest = l.getString("digest", null);
            if (digest == null) throw new IllegalArgumentException("a layer of the manifest has no digest");
            String type = l.getString("mediaType", "");
            if (!isFilesystemLayer(type)) continue;
            layers.add(new Layer(digest, type, l.getJsonNumber("size") == null ? -1 : l.getJsonNumber("size").longValue()));
        }
        return new Parsed(mediaType == null ? ManifestSummary.OCI_MANIFEST : mediaType, layers, null);
    }

    /** Docker and OCI layer types (any compression), and unnamed ones; not signatures, SBOMs or other artifacts. */
    static boolean isFilesystemLayer(String mediaType) {
        return mediaType.isEmpty() || mediaType.startsWith("application/vnd.oci.image.layer.")
                || mediaType.startsWith("application/vnd.docker.image.rootfs.");
    }

    private static boolean isAttestation(JsonObject m) {
        JsonObject annotations = m.getJsonObject("annotations");
        if (annotations != null && "attestation-manifest".equals(annotations.getString("vnd.docker.reference.type", null))) return true;
        JsonObject platform = m.getJsonObject("platform");
        return platform != null && "unknown".equals(platform.getString("os", null)) && "unknown".equals(platform.getString("architecture", null));
    }
}
