package io.wharf.registry;

import io.wharf.common.ExpiringCache;
import io.wharf.project.ProjectService;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Harbor's content trust policy {@code enable_content_trust_cosign}: in a project that sets it, an
 * artifact may be pulled only when a cosign signature is attached to it (in cosign's tag form or as
 * an OCI 1.1 referrer). The signatures and other accessories themselves stay pullable, or nobody
 * could verify anything. A change of the setting applies within {@code scan.policy.cache.seconds}.
 */
@ApplicationScoped
public class CosignPolicy {
    /** Harbor's project metadata key. */
    public static final String KEY = "enable_content_trust_cosign";
    /** Harbor's answer, word for word, so that clients and scripts see what they know. */
    public static final String REFUSAL = "The image is not signed by cosign.";

    @Inject ProjectService projects;
    @Inject RegistryContent content;
    @Inject Accessories accessories;

    @Inject @ConfigProperty(name = "scan.policy.cache.seconds", defaultValue = "5")
    long cacheSeconds;

    /** Whether a project requires signatures, as read a moment ago: every manifest GET and HEAD asks. */
    private ExpiringCache<String, Boolean> required;

    @PostConstruct
    void init() {
        required = new ExpiringCache<>(Duration.ofSeconds(cacheSeconds), 10_000);
    }

    /**
     * Why the pull must be refused, or empty when it may go ahead.
     *
     * @param signer whether the client is cosign or notation with push access: it reads the manifest
     *               to sign it, before any signature exists (Harbor lets it through for that reason)
     */
    public Optional<String> pullRefusal(String repository, String reference, boolean signer) {
        Optional<String> project = RepositoryName.projectOf(repository);
        if (signer || project.isEmpty() || !required.get(project.get(), this::requires).orElse(false)) return Optional.empty();
        if (!RegistryReference.isDigest(reference) && Accessories.isAccessoryTag(reference)) return Optional.empty();
        Optional<RepositoryRecord> record = content.repository(repository);
        Optional<Artifact> artifact = record.flatMap(r -> RegistryReference.isDigest(reference)
                ? content.artifact(r.getId(), reference)
                : content.tag(r.getId(), reference).flatMap(t -> content.artifactById(t.getArtifactId())));
        // Not in Wharf's records: nothing says it is signed, so it is refused (the policy fails closed).
        if (artifact.isEmpty()) return Optional.of(REFUSAL);
        if (isAccessory(artifact.get())) return Optional.empty();
        if (signed(artifact.get())) return Optional.empty();
        // A multi-arch image is signed as its index: a client that pulled the index then reads the
        // platform's manifest by digest, which the index's signature covers.
        boolean inSignedIndex = content.allArtifacts(record.get().getId()).stream()
                .filter(a -> ManifestSummary.OCI_INDEX.equals(a.getManifestMediaType()) || ManifestSummary.DOCKER_LIST.equals(a.getManifestMediaType()))
                .filter(index -> index.getLayerDigests().contains(artifact.get().getDigest()))
                .anyMatch(this::signed);
        return inSignedIndex ? Optional.empty() : Optional.of(REFUSAL);
    }

    private boolean signed(Artifact artifact) {
        return accessories.of(artifact).stream().anyMatch(a -> Accessories.COSIGN_SIGNATURE.equals(a.type()));
    }

    private Optional<Boolean> requires(String projectName) {
        return projects.byName(projectName).map(p -> "true".equals(p.getMetadata().get(KEY)));
    }

    private boolean isAccessory(Artifact artifact) {
        if (artifact.getSubjectDigest() != null) return true;
        List<Tag> tags = content.tagsOf(artifact.getId());
        return tags.stream().anyMatch(t -> Accessories.isAccessoryTag(t.getName()));
    }
}
