package io.wharf.registry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An artifact's accessories as Harbor shows them: what is attached to it rather than an image of
 * its own. Two forms are found in the records: OCI 1.1 referrers (a manifest whose
 * {@code subject} is the artifact) and cosign's tag scheme ({@code sha256-<hex>.sig}, {@code .att},
 * {@code .sbom} tags in the same repository).
 */
@ApplicationScoped
public class Accessories {
    public static final String COSIGN_SIGNATURE = "signature.cosign";
    public static final String NOTATION_SIGNATURE = "signature.notation";
    public static final String SUBJECT = "subject.accessory";
    /** An SBOM Wharf generated (Harbor's type for its own, matched by the artifact type both write). */
    public static final String HARBOR_SBOM = "harbor.sbom";
    static final String HARBOR_SBOM_ARTIFACT_TYPE = "application/vnd.goharbor.harbor.sbom.v1";
    private static final Pattern COSIGN_TAG = Pattern.compile("sha256-[a-f0-9]{64}\\.(sig|att|sbom)");

    @Inject RegistryContent content;

    /** One accessory: its artifact and Harbor's type name for it. */
    public record Accessory(Artifact artifact, String type) {}

    public List<Accessory> of(Artifact subject) {
        Map<Long, Accessory> found = new LinkedHashMap<>();
        String repository = content.repositoryName(subject.getRepositoryId());
        for (Artifact a : content.referrers(repository, subject.getDigest(), null, 10_000)) {
            found.put(a.getId(), new Accessory(a, typeOf(a, null)));
        }
        if (subject.getDigest().startsWith("sha256:")) {
            String prefix = "sha256-" + subject.getDigest().substring("sha256:".length()) + ".";
            for (String suffix : List.of("sig", "att", "sbom")) {
                content.tag(subject.getRepositoryId(), prefix + suffix)
                        .flatMap(t -> content.artifactById(t.getArtifactId()))
                        .ifPresent(a -> found.putIfAbsent(a.getId(), new Accessory(a, typeOf(a, prefix + suffix))));
            }
        }
        return new ArrayList<>(found.values());
    }

    /**
     * Whether a pushed manifest is an accessory rather than an image: it names a subject, or it is
     * pushed under a cosign tag. Accessories are not scanned as images.
     */
    public static boolean isAccessory(ManifestSummary manifest, String tag) {
        return manifest.subjectDigest() != null || (tag != null && COSIGN_TAG.matcher(tag).matches());
    }

    /** Whether a tag is one of cosign's accessory tags ({@code sha256-<hex>.sig}, {@code .att}, {@code .sbom}). */
    public static boolean isAccessoryTag(String tag) {
        return tag != null && COSIGN_TAG.matcher(tag).matches();
    }

    static String typeOf(Artifact a, String tag) {
        String type = a.getArtifactType() != null ? a.getArtifactType() : a.getMediaType();
        if ((tag != null && tag.endsWith(".sig")) || "application/vnd.dev.cosign.artifact.sig.v1+json".equals(type)) {
            return COSIGN_SIGNATURE;
        }
        if ("application/vnd.cncf.notary.signature".equals(type)) return NOTATION_SIGNATURE;
        if (HARBOR_SBOM_ARTIFACT_TYPE.equals(type)) return HARBOR_SBOM;
        return SUBJECT;
    }
}
