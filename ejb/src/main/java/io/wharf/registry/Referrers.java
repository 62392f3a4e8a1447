package io.wharf.registry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The OCI 1.1 referrers API answered from Wharf's records (Distribution 2.8 has none): the
 * manifests of a repository whose {@code subject} is a digest, as an image index of descriptors.
 * Every manifest PUT through the gateway is recorded before the client has its answer, so a
 * referrer is listed as soon as its push returned.
 */
@ApplicationScoped
public class Referrers {
    public static final String INDEX = ManifestSummary.OCI_INDEX;

    @Inject RegistryContent content;

    /**
     * One page of referrers.
     *
     * @param artifactType only these, when not null
     * @param last         the digest the previous page ended with, or null
     * @param max          the page size
     */
    public Page page(String repository, String subjectDigest, String artifactType, String last, int max) {
        JsonArrayBuilder manifests = Json.createArrayBuilder();
        String after = last;
        int listed = 0;
        if (last == null) {
            // Referrers a client recorded with the tag scheme (an index tagged sha256-<hex>, for
            // registries without this API) are listed too, on the first page, so both ways agree.
            for (Artifact a : taggedReferrers(repository, subjectDigest)) {
                if (artifactType != null && !artifactType.equals(a.getArtifactType())) continue;
                manifests.add(descriptor(a));
                listed++;
            }
        }
        // Filtering after the query keeps one index use (repository, subject); referrers of one
        // subject are few, so reading a few extra rows per page costs little.
        while (listed < max) {
            List<Artifact> batch = content.referrers(repository, subjectDigest, after, max);
            for (Artifact a : batch) {
                after = a.getDigest();
                if (artifactType != null && !artifactType.equals(a.getArtifactType())) continue;
                manifests.add(descriptor(a));
                if (++listed == max) break;
            }
            if (batch.size() < max) return new Page(index(manifests), null);
        }
        boolean more = !content.referrers(repository, subjectDigest, after, 1).isEmpty();
        return new Page(index(manifests), more ? after : null);
    }

    /**
     * The manifests listed by the repository's {@code sha256-<hex>} referrers tag for this subject
     * that do not name it as their subject themselves (those the query finds anyway).
     */
    private List<Artifact> taggedReferrers(String repository, String subjectDigest) {
        if (!subjectDigest.startsWith("sha256:")) return List.of();
        String tag = "sha256-" + subjectDigest.substring("sha256:".length());
        Optional<RepositoryRecord> record = content.repository(repository);
        if (record.isEmpty()) return List.of();
        long repositoryId = record.get().getId();
        Optional<Tag> index = content.tag(repositoryId, tag);
        if (index.isEmpty()) return List.of();
        List<Artifact> listed = new ArrayList<>();
        content.artifactById(index.get().getArtifactId()).ifPresent(i -> {
            for (String digest : i.getLayerDigests()) {
                content.artifact(repositoryId, digest).filter(a -> !subjectDigest.equals(a.getSubjectDigest())).ifPresent(listed::add);
            }
        });
        return listed;
    }

    /** The index, and the digest the next page starts after (null on the last page). */
    public record Page(JsonObject index, String nextAfter) {}

    private static JsonObject index(JsonArrayBuilder manifests) {
        return Json.createObjectBuilder().add("schemaVersion", 2).add("mediaType", INDEX).add("manifests", manifests).build();
    }

    static JsonObject descriptor(Artifact a) {
        JsonObjectBuilder d = Json.createObjectBuilder().add("mediaType", a.getManifestMediaType())
                .add("digest", a.getDigest()).add("size", a.getManifestSize());
        if (a.getArtifactType() != null) d.add("artifactType", a.getArtifactType());
        if (a.getAnnotations() != null) {
            try (JsonReader reader = Json.createReader(new StringReader(a.getAnnotations()))) {
                d.add("annotations", reader.readObject());
            }
        }
        return d.build();
    }
}
