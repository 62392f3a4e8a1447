package io.wharf.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wharf.project.Project;
import io.wharf.project.ProjectService;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Harbor's cosign policy over Wharf's records: who may pull what in a project that sets it. */
class CosignPolicyTest {
    private static final String IMAGE = "sha256:" + "ab".repeat(32);
    private static final String SIGNATURE = "sha256:" + "cd".repeat(32);
    private static final String SIG_TAG = "sha256-" + "ab".repeat(32) + ".sig";
    private static final Optional<String> REFUSED = Optional.of("The image is not signed by cosign.");

    private final Map<String, String> metadata = new HashMap<>();
    private final Map<String, Artifact> byDigest = new HashMap<>();
    private final Map<String, Artifact> byTag = new HashMap<>();
    private final List<Accessories.Accessory> attached = new ArrayList<>();
    private final List<Artifact> inRepository = new ArrayList<>();
    private final java.util.Set<String> signedDigests = new java.util.HashSet<>();
    private CosignPolicy policy;

    @BeforeEach
    void setUp() {
        policy = new CosignPolicy();
        policy.cacheSeconds = 0;
        policy.init();
        policy.projects = new ProjectService() {
            @Override
            public Optional<Project> byName(String name) {
                return name.equals("hpc") ? Optional.of(new Project("hpc", 1L, metadata)) : Optional.empty();
            }
        };
        policy.content = new RegistryContent() {
            @Override
            public Optional<RepositoryRecord> repository(String name) {
                return name.equals("hpc/app") ? Optional.of(new RepositoryRecord(1L, name, Instant.now()) {
                    @Override
                    public Long getId() { return 1L; }
                }) : Optional.empty();
            }

            @Override
            public Optional<Artifact> artifact(long repositoryId, String digest) { return Optional.ofNullable(byDigest.get(digest)); }

            @Override
            public Optional<Tag> tag(long repositoryId, String name) {
                return byTag.containsKey(name) ? Optional.of(new Tag(1L, 0L, name, Instant.now())) : Optional.empty();
            }

            @Override
            public Optional<Artifact> artifactById(long id) { return Optional.empty(); }

            @Override
            public List<Tag> tagsOf(long artifactId) { return List.of(); }

            @Override
            public List<Artifact> allArtifacts(long repositoryId) { return inRepository; }
        };
        policy.accessories = new Accessories() {
            @Override
            public List<Accessory> of(Artifact subject) {
                return signedDigests.contains(subject.getDigest()) ? List.of(new Accessory(subject, COSIGN_SIGNATURE)) : attached;
            }
        };
    }

    private static Artifact artifact(String digest, String json) {
        return new Artifact(1L, 1L, digest, ManifestSummary.parse(json.getBytes(StandardCharsets.UTF_8),
                "application/vnd.oci.image.manifest.v1+json"), Instant.now()) {
            @Override
            public Long getId() { return 1L; }
        };
    }

    private static Artifact image() {
        return artifact(IMAGE, "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                + "\"digest\":\"" + SIGNATURE + "\",\"size\":10},\"layers\":[]}");
    }

    @Test
    void aProjectWithoutThePolicyServesEverything() {
        byDigest.put(IMAGE, image());
        assertEquals(Optional.empty(), policy.pullRefusal("hpc/app", IMAGE, false));
        metadata.put(CosignPolicy.KEY, "false");
        assertEquals(Optional.empty(), policy.pullRefusal("hpc/app", IMAGE, false));
        assertEquals(Optional.empty(), policy.pullRefusal("other/app", IMAGE, false));
    }

    @Test
    void anUnsignedImageIsRefusedASignedOneServed() {
        metadata.put(CosignPolicy.KEY, "true");
        byDigest.put(IMAGE, image());
        assertEquals(REFUSED, policy.pullRefusal("hpc/app", IMAGE, false));
        attached.add(new Accessories.Accessory(image(), Accessories.SUBJECT));
        assertEquals(REFUSED, policy.pullRefusal("hpc/app", IMAGE, false), "an SBOM is no signature");
        attached.add(new Accessories.Accessory(image(), Accessories.NOTATION_SIGNATURE));
        assertEquals(REFUSED, policy.pullRefusal("hpc/app", IMAGE, false), "a notation signature is not cosign's");
        attached.add(new Accessories.Accessory(image(), Accessories.COSIGN_SIGNATURE));
        assertEquals(Optional.empty(), policy.pullRefusal("hpc/app", IMAGE, false));
    }

    @Test
    void signaturesStayPullableAndSignersMayReadWhatTheySign() {
        metadata.put(CosignPolicy.KEY, "true");
        byDigest.put(IMAGE, image());
        assertEquals(Optional.empty(), policy.pullRefusal("hpc/app", SIG_TAG, false));
        byDigest.put(SIGNATURE, artifact(SIGNATURE, "{\"schemaVersion\":2,\"artifactType\":\"application/vnd.dev.cosign.artifact.sig.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + IMAGE + "\",\"size\":2},"
                + "\"layers\":[],\"subject\":{\"digest\":\"" + IMAGE + "\"}}"));
        assertEquals(Optional.empty(), policy.pullRefusal("hpc/app", SIGNATURE, false));
        assertEquals(Optional.empty(), policy.pullRefusal("hpc/app", IMAGE, true));
    }

    @Test
    void aPlatformManifestOfASignedIndexIsServed() {
        metadata.put(CosignPolicy.KEY, "true");
        byDigest.put(IMAGE, image());
        String indexDigest = "sha256:" + "ef".repeat(32);
        Artifact index = artifact(indexDigest, "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                + "\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + IMAGE + "\",\"size\":10}]}");
        inRepository.add(index);
        assertEquals(REFUSED, policy.pullRefusal("hpc/app", IMAGE, false), "the index is not signed yet");
        signedDigests.add(indexDigest);
        assertEquals(Optional.empty(), policy.pullRefusal("hpc/app", IMAGE, false));
    }

    @Test
    void whatWharfHasNoRecordOfIsRefused() {
        metadata.put(CosignPolicy.KEY, "true");
        assertEquals(REFUSED, policy.pullRefusal("hpc/app", IMAGE, false));
        assertEquals(REFUSED, policy.pullRefusal("hpc/app", "v1", false));
        assertEquals(REFUSED, policy.pullRefusal("hpc/unknown", IMAGE, false));
    }
}
