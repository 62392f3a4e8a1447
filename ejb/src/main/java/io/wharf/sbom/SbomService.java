package io.wharf.sbom;

import io.wharf.common.WharfException;
import io.wharf.jobservice.Job;
import io.wharf.jobservice.JobService;
import io.wharf.project.Caller;
import io.wharf.project.Permission;
import io.wharf.project.Project;
import io.wharf.project.ProjectService;
import io.wharf.registry.RegistryManifests;
import io.wharf.registry.RegistryReference;
import io.wharf.registry.RegistryWrites;
import io.wharf.registry.RepositoryName;
import io.wharf.scan.ScanStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * SBOM requests (a user's {@code scan_type: sbom}, a push into a project with
 * {@code auto_sbom_generation}) and what users read back: the overview and the SBOM document.
 * From Pending on, a generation's status is {@link SbomLifecycle}'s to write.
 */
@ApplicationScoped
public class SbomService {
    private static final Logger LOG = Logger.getLogger(SbomService.class.getName());
    /** Harbor's project metadata key. */
    public static final String AUTO_SBOM = "auto_sbom_generation";

    @Inject SbomStore store;
    @Inject SbomLifecycle lifecycle;
    @Inject ProjectService projects;
    @Inject RegistryManifests manifests;
    @Inject RegistryWrites writes;
    @Inject JobService jobs;
    @Inject io.wharf.jobservice.JobLogs logs;

    @Inject @ConfigProperty(name = "sbom.max.bytes", defaultValue = "67108864")
    int maxBytes;

    /** A user's request for the SBOM of {@code project/repository:reference} (scan creators, as Harbor). */
    public SbomReport generate(Caller caller, String project, String repository, String reference) {
        Project p = projects.get(caller, project);
        projects.require(caller, p, Permission.SCAN_CREATE, "generate SBOMs");
        String name = repositoryName(p.getName() + "/" + repository);
        RegistryManifests.Fetched fetched = fetch(name, reference);
        if (fetched.summary().subjectDigest() != null) {
            throw WharfException.badRequest("artifact " + reference + " is an accessory of " + fetched.summary().subjectDigest()
                    + "; generate the SBOM of the artifact it belongs to");
        }
        return request(name, fetched.digest(), p.getId(), caller.username());
    }

    /** A generation Wharf itself asks for (push): no permission check, the digest is known. */
    public SbomReport request(String repository, String digest, Long projectId, String requestedBy) {
        SbomReport report = new SbomReport(UUID.randomUUID().toString(), repository, digest, projectId, requestedBy, Instant.now());
        SbomStore.Created created = store.createPending(report);
        if (!created.isNew()) return created.report();
        JsonObject parameters = Json.createObjectBuilder()
                .add(SbomGenerateJob.REPORT_ID, report.getId())
                .add(SbomGenerateJob.REPOSITORY, repository)
                .add(SbomGenerateJob.DIGEST, digest)
                .build();
        try {
            Job queued = jobs.submit(new JobService.Submission(SbomGenerateJob.NAME, parameters, null, "Generic", null, null, false));
            store.attachJob(report.getId(), queued.getId());
        } catch (RuntimeException e) {
            lifecycle.apply(report.getId(), ScanStatus.ERROR, "the SBOM generation could not be queued: " + e.getMessage());
            LOG.warning("SBOM of " + repository + "@" + digest + " could not be queued: " + e.getMessage());
            throw WharfException.unavailable("the SBOM generation could not be queued; try again later");
        }
        return store.find(report.getId()).orElse(report);
    }

    /**
     * Harbor's {@code scan/stop} with {@code scan_type: sbom}: stops the artifact's pending or running
     * generation through the job service (it ends Stopped, and an SBOM it pushed meanwhile is removed);
     * 400 when there is none, as Harbor answers.
     */
    public SbomReport stop(Caller caller, String project, String repository, String reference) {
        Project p = projects.get(caller, project);
        projects.require(caller, p, Permission.SCAN_CREATE, "stop SBOM generations");
        String digest = fetch(repositoryName(p.getName() + "/" + repository), reference).digest();
        SbomReport report = store.activeFor(digest)
                .orElseThrow(() -> WharfException.badRequest("no SBOM generation of " + reference + " is pending or running"));
        if (report.getJobId() == null) {
            lifecycle.apply(report.getId(), ScanStatus.STOPPED, null);
        } else {
            jobs.act(report.getJobId(), "stop");
        }
        return report;
    }

    /** The latest generation of each digest, for {@code with_sbom_overview}. */
    public Map<String, SbomReport> overviews(Collection<String> digests) {
        return store.latest(digests);
    }

    /** The artifact's SBOM document (CycloneDX JSON), read from its accessory in the registry. */
    public byte[] document(Caller caller, String project, String repository, String reference) {
        Project p = projects.get(caller, project);
        projects.require(caller, p, Permission.SCAN_READ, "read SBOMs");
        String name = repositoryName(p.getName() + "/" + repository);
        String digest = fetch(name, reference).digest();
        SbomReport report = Optional.ofNullable(store.latest(java.util.List.of(digest)).get(digest))
                .filter(r -> r.getStatus() == ScanStatus.SUCCESS)
                .orElseThrow(() -> WharfException.notFound("artifact " + reference + " has no SBOM; generate one first"));
        RegistryWrites.RawManifest sbom;
        try {
            sbom = writes.manifest(name, report.getSbomDigest());
        } catch (WharfException e) {
            if (e.status() == 404) throw WharfException.notFound("the SBOM of " + reference + " was deleted; generate it again");
            throw e;
        }
        return writes.blob(name, layerDigest(sbom.body()), maxBytes);
    }

    /**
     * The log of SBOM generation {@code reportId} (why it failed, when it did), for anyone who may
     * read the project; empty when there is no such generation.
     */
    public Optional<String> log(Caller caller, String reportId) {
        if (reportId == null || !reportId.matches("[A-Za-z0-9-]{1,40}")) return Optional.empty();
        Optional<SbomReport> report = store.find(reportId);
        if (report.isEmpty() || report.get().getJobId() == null) return Optional.empty();
        Optional<String> project = RepositoryName.projectOf(report.get().getRepository());
        if (project.isEmpty()) return Optional.empty();
        try {
            projects.get(caller, project.get());
        } catch (WharfException e) {
            // Someone who cannot see the project learns nothing about its SBOMs.
            if (e.status() == 401) throw e;
            return Optional.empty();
        }
        return logs.read(report.get().getJobId());
    }

    /** The digest of the SBOM manifest's one layer. */
    static String layerDigest(byte[] manifest) {
        try (var reader = Json.createReader(new ByteArrayInputStream(manifest))) {
            JsonArray layers = reader.readObject().getJsonArray("layers");
            if (layers == null || layers.size() != 1) throw new WharfException(502, "UNKNOWN", "the SBOM manifest does not have one layer");
            String digest = layers.getJsonObject(0).getString("digest", null);
            if (digest == null || !RegistryReference.validDigest(digest)) throw new WharfException(502, "UNKNOWN", "the SBOM layer has no valid digest");
            return digest;
        } catch (JsonParsingException | ClassCastException e) {
            throw new WharfException(502, "UNKNOWN", "the SBOM manifest cannot be read");
        }
    }

    private RegistryManifests.Fetched fetch(String repository, String reference) {
        if (reference == null || reference.isBlank()) throw WharfException.badRequest("a tag or digest is required");
        if (RegistryReference.isDigest(reference) ? !RegistryReference.validDigest(reference) : !RegistryReference.validTag(reference)) {
            throw WharfException.badRequest("'" + reference + "' is not a valid " + (RegistryReference.isDigest(reference) ? "digest" : "tag"));
        }
        return manifests.fetch(repository, reference)
                .orElseThrow(() -> WharfException.notFound("artifact " + repository + ":" + reference + " not found"));
    }

    private static String repositoryName(String name) {
        String problem = RepositoryName.problem(name);
        if (problem != null) throw WharfException.badRequest(problem);
        return name;
    }
}
