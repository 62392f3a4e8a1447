package io.wharf.web.scan;

import io.wharf.project.Permission;
import io.wharf.web.security.Requires;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.SessionSignIn;
import io.wharf.common.WharfException;
import io.wharf.config.WharfConfig;
import io.wharf.jobservice.Job;
import io.wharf.scan.VulnDbFreshness;
import io.wharf.scan.VulnDbRematchStore;
import io.wharf.scan.VulnDbService;
import io.wharf.scan.VulnDbSettings;
import io.wharf.scan.VulnDbUpdates;
import io.wharf.scanner.DatabaseState;
import io.wharf.scanner.ExportManifest;
import io.wharf.scanner.ImportResult;
import io.wharf.scanner.SourceStatus;
import io.wharf.web.security.CallerHolder;
import io.wharf.web.security.InternalSecretFilter;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The embedded scanner's database, for administrators and for {@code bin/wharf} on the same
 * machine (which holds the internal secret). JSON for programs; {@code text/plain} gives exactly
 * what the command line prints.
 */
@Path("api/v2.0/vulndb")
@BasicSignIn
@SessionSignIn
@Requires(value = Permission.VULNDB_MANAGE, orInternalSecret = true)
public class VulnDbResource {
    @Inject VulnDbService vulndb;
    @Inject CallerHolder caller;
    @Inject WharfConfig config;
    @Inject HttpHeaders headers;
    @Inject VulnDbUpdates updates;
    @Inject VulnDbFreshness freshness;
    @Inject VulnDbSettings settings;
    @Inject VulnDbRematchStore rematches;

    /** The database as the Interrogation Services page shows it: generation, age, sources, the last rematch. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public DatabaseView database() {
        requireAdmin();
        DatabaseState state = vulndb.state();
        VulnDbFreshness.Verdict verdict = freshness.now();
        Long age = state.updatedAt() == null ? null : Math.max(0, Duration.between(state.updatedAt(), Instant.now()).toSeconds());
        RematchView rematch = rematches.latest().map(r -> new RematchView(r.getJobId(), r.getStatus(), r.getDataGeneration(),
                r.getTotal(), r.getDone(), r.getChanged(), r.getSeverityRose(), r.getSkipped(), r.getStartTime(), r.getEndTime())).orElse(null);
        return new DatabaseView(state.generation(), state.empty(), state.updatedAt(), age, settings.maxAge().toSeconds(),
                verdict.stale(), verdict.warnings(), settings.updaterOn(), settings.updaterOn() ? settings.updateCron() : null,
                state.sources(), updates.pendingUpdate().map(j -> new UpdateView(j.getId(), j.getStatus().wire())).orElse(null), rematch);
    }

    /** Queues an update from the configured sources now (or answers the one already queued). */
    @POST
    @Path("update")
    @Produces(MediaType.APPLICATION_JSON)
    public Response update() {
        requireAdmin();
        Job job = updates.updateNow("Manual");
        return Response.accepted(new UpdateView(job.getId(), job.getStatus().wire())).build();
    }

    /** Writes the whole database as one archive on the server's disk, for an air-gapped installation to import. */
    @POST
    @Path("export")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public ExportManifest export(ExportRequest request) {
        requireAdmin();
        if (request == null || request.path() == null) throw WharfException.badRequest("path is required");
        return vulndb.exportTo(request.path());
    }

    public record ImportRequest(List<String> paths) {}

    public record ScanRequest(String path, String format, String failOn) {}

    public record SourceView(String name, Instant lastUpdated, int records) {}

    public record ExportRequest(String path) {}

    public record UpdateView(String jobId, String status) {}

    public record RematchView(String jobId, String status, Long dataGeneration, long total, long done, long changed,
                              long severityRose, long skipped, Instant startTime, Instant endTime) {}

    public record DatabaseView(long generation, boolean empty, Instant updatedAt, Long ageSeconds, long maxAgeSeconds,
                               boolean stale, List<String> warnings, boolean updaterEnabled, String updateCron,
                               List<SourceStatus> sources, UpdateView update, RematchView rematch) {}

    @POST
    @Path("import")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public Response importFrom(ImportRequest request) {
        requireAdmin();
        if (request == null) throw WharfException.badRequest("a JSON body with paths is required");
        VulnDbService.checkedPaths(request.paths());
        if (wantsText()) {
            List<String> args = new java.util.ArrayList<>(List.of("vulndb", "import"));
            args.addAll(request.paths());
            VulnDbService.CliOutput output = vulndb.run(args);
            if (output.exitCode() == 0) updates.dataChanged("import");
            return text(output);
        }
        ImportResult result = vulndb.importFrom(request.paths());
        updates.dataChanged("import");
        return Response.ok(Map.of("counts", result.counts(), "warnings", result.warnings()), MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("status")
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public Response status() {
        requireAdmin();
        if (wantsText()) return text(vulndb.run(List.of("vulndb", "status")));
        List<SourceView> sources = vulndb.status().stream()
                .map((SourceStatus s) -> new SourceView(s.name(), s.lastUpdated(), s.records())).toList();
        return Response.ok(sources, MediaType.APPLICATION_JSON).build();
    }

    /** Scans an image on the server's own disk; the exit code the command line would give is in X-Wharf-Exit-Code. */
    @POST
    @Path("scan")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.TEXT_PLAIN)
    public Response scanLocal(ScanRequest request) {
        requireAdmin();
        if (request == null || request.path() == null) throw WharfException.badRequest("path is required");
        return text(vulndb.scanLocal(request.path(), request.format(), request.failOn()));
    }

    private boolean wantsText() {
        return headers.getAcceptableMediaTypes().stream().findFirst()
                .map(m -> m.isCompatible(MediaType.TEXT_PLAIN_TYPE) && !m.isWildcardType()).orElse(false);
    }

    private static Response text(VulnDbService.CliOutput output) {
        if (output.exitCode() == 2) {
            throw WharfException.badRequest(output.err().strip().replaceFirst("^error: ", ""));
        }
        return Response.ok(output.out(), MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                .header("X-Wharf-Exit-Code", output.exitCode()).build();
    }

    private void requireAdmin() {
        if (caller.get().sysadmin() || hasInternalSecret()) return;
        if (caller.get().isAnonymous()) throw WharfException.unauthorized("sign in as an administrator");
        throw WharfException.forbidden("only administrators can manage the vulnerability database");
    }

    private boolean hasInternalSecret() {
        return InternalSecretFilter.carriesSecret(headers.getHeaderString(HttpHeaders.AUTHORIZATION), config);
    }
}
