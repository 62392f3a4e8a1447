package io.wharf.web.registry;

import io.wharf.notification.PushRecorder;
import io.wharf.notification.RelayedPushes;
import io.wharf.registry.CosignPolicy;
import io.wharf.registry.PullRecorder;
import io.wharf.registry.RegistryCatalogService;
import io.wharf.registry.ManifestCache;
import io.wharf.registry.ManifestSummary;
import io.wharf.registry.Referrers;
import io.wharf.registry.RegistryRequest;
import io.wharf.registry.RegistryRequest.Section;
import io.wharf.registry.RegistryUpstream;
import io.wharf.registry.RepositoryName;
import io.wharf.registry.TagDeletions;
import io.wharf.registry.UploadSessions;
import io.wharf.registry.UpstreamAnswer;
import io.wharf.scan.ScanPolicy;
import io.wharf.token.TokenVerifier.Grant;
import io.wharf.web.error.ErrorBodies;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code /v2} gateway. {@link RegistryAuthFilter} has already checked the token; this streams
 * the request to the registry and the answer back, both as streams, so memory does not grow with
 * blob size. The catalog is answered by Wharf itself, filtered to what the caller may pull.
 */
@Path("v2")
@RegistryBearer
public class RegistryGatewayResource {
    private static final Logger LOG = Logger.getLogger(RegistryGatewayResource.class.getName());
    private static final int COPY_BUFFER = 64 * 1024;
    private static final int MAX_CATALOG_PAGE = 1000;
    /** Distribution's own limit on a manifest body. */
    private static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
    private static final int MAX_REFERRERS_PAGE = 1000;
    /** Request property: {@code hit} or {@code miss} for a manifest read the cache could have answered. */
    public static final String MANIFEST_CACHE = "wharf.manifest.cache";

    @Inject RegistryUpstream upstream;
    @Inject RegistryCatalogService catalog;
    @Inject ExternalUrl externalUrl;
    @Inject ScanPolicy policy;
    @Inject PullRecorder pulls;
    @Inject PushRecorder pushes;
    @Inject RelayedPushes relayedPushes;
    @Inject Referrers referrerIndex;
    @Inject UploadSessions uploads;
    @Inject ManifestCache manifestCache;
    @Inject TagDeletions tagDeletions;
    @Inject CosignPolicy cosign;
    @Inject io.wharf.gc.BlobGuard blobGuard;
    @Inject io.wharf.quota.QuotaService quotas;
    @Inject io.wharf.web.retention.ImmutableTagGuard immutableTags;
    @Inject ProxyGateway proxy;
    @Context UriInfo uri;
    @Context HttpHeaders headers;
    @Context HttpServletRequest servletRequest;

    @GET
    public Response base() {
        return Response.ok("{}", MediaType.APPLICATION_JSON_TYPE)
                .header("Docker-Distribution-API-Version", "registry/2.0").build();
    }

    @GET
    @Path("_catalog")
    public Response catalog(@QueryParam("n") Integer n, @QueryParam("last") String last) {
        if (n != null && (n < 0 || n > MAX_CATALOG_PAGE)) {
            return ErrorBodies.registry(400, "PAGINATION_NUMBER_INVALID", "n must be between 0 and " + MAX_CATALOG_PAGE, null).build();
        }
        Grant grant = (Grant) servletRequest.getAttribute(RegistryAuthFilter.GRANT);
        List<String> visible = catalog.visibleRepositories(grant == null ? null : grant.subject());
        List<String> after = last == null ? visible : visible.stream().filter(r -> r.compareTo(last) > 0).toList();
        int size = n == null ? after.size() : Math.min(n, after.size());
        List<String> page = after.subList(0, size);
        JsonArrayBuilder repos = Json.createArrayBuilder();
        page.forEach(repos::add);
        Response.ResponseBuilder r = Response.ok(Json.createObjectBuilder().add("repositories", repos).build().toString(),
                MediaType.APPLICATION_JSON_TYPE).header("Docker-Distribution-API-Version", "registry/2.0");
        if (n != null && size < after.size() && size > 0) {
            r.header("Link", "</v2/_catalog?last=" + URLEncoder.encode(page.get(size - 1), StandardCharsets.UTF_8)
                    + "&n=" + n + ">; rel=\"next\"");
        }
        return r.build();
    }

    /**
     * Tag lists are paged by Wharf ({@code n}, {@code last}, {@code Link}), which Distribution 2.8
     * does not do: the registry's full list is read once and cut here.
     */
    @GET
    @Path("{name: .+}/tags/list")
    public Response tags(@PathParam("name") String name, @QueryParam("n") Integer n, @QueryParam("last") String last) {
        if (n != null && n < 0) {
            return ErrorBodies.registry(400, "PAGINATION_NUMBER_INVALID", "n must not be negative", null).build();
        }
        UpstreamAnswer answer;
        try {
            answer = upstream.exchange("GET", "/v2/" + name + "/tags/list", Map.of("Authorization",
                    List.of(headers.getHeaderString(HttpHeaders.AUTHORIZATION))), null, 0);
        } catch (IOException e) {
            return ErrorBodies.registry(503, "UNAVAILABLE", "the registry is not reachable", null).build();
        }
        JsonObject body;
        try (InputStream in = answer.body()) {
            byte[] bytes = in.readAllBytes();
            if (answer.statusCode() != 200) {
                return Response.status(answer.statusCode()).type(MediaType.APPLICATION_JSON_TYPE)
                        .header("Docker-Distribution-API-Version", "registry/2.0")
                        .entity(new String(bytes, StandardCharsets.UTF_8)).build();
            }
            try (JsonReader reader = Json.createReader(new java.io.ByteArrayInputStream(bytes))) {
                body = reader.readObject();
            }
        } catch (IOException | JsonException | IllegalStateException e) {
            return ErrorBodies.registry(503, "UNAVAILABLE", "the registry's tag list could not be read", null).build();
        }
        java.util.Set<String> deleted = tagDeletions.deletedTags(name);
        List<String> all = body.isNull("tags") ? List.of()
                : body.getJsonArray("tags").getValuesAs(JsonString.class).stream().map(JsonString::getString)
                        .filter(t -> !deleted.contains(t)).sorted().toList();
        List<String> after = last == null ? all : all.stream().filter(t -> t.compareTo(last) > 0).toList();
        int size = n == null ? after.size() : Math.min(n, after.size());
        JsonArrayBuilder tags = Json.createArrayBuilder();
        after.subList(0, size).forEach(tags::add);
        Response.ResponseBuilder r = Response.ok(Json.createObjectBuilder().add("name", name).add("tags", tags).build().toString(),
                MediaType.APPLICATION_JSON_TYPE).header("Docker-Distribution-API-Version", "registry/2.0");
        if (n != null && size > 0 && size < after.size()) {
            r.header("Link", "</v2/" + name + "/tags/list?n=" + n + "&last="
                    + URLEncoder.encode(after.get(size - 1), StandardCharsets.UTF_8) + ">; rel=\"next\"");
        }
        return r.build();
    }

    @GET
    @Path("{path: .+}")
    public Response get() {
        RegistryRequest target = target();
        if (target.is(Section.REFERRERS)) return referrers(target);
        if (target.is(Section.UPLOADS)) return forwardUpload("GET", null, target);
        if (target.is(Section.BLOBS)) blobGuard.touch(target.reference());
        if (target.is(Section.BLOBS) && proxy.isProxy(target)) return proxiedBlob(target);
        if (!target.is(Section.MANIFESTS)) return forward("GET", null);
        Optional<Response> gone = deletedOrUnsigned(target);
        if (gone.isPresent()) return gone.get();
        Optional<String> refusal = policy.pullRefusal(target.repository(), target.reference());
        if (refusal.isPresent()) return ErrorBodies.registry(412, "PROJECTPOLICYVIOLATION", refusal.get(), null).build();
        Response response = proxy.manifest("GET", target).orElseGet(() -> manifest("GET", target));
        if (response.getStatus() == 200) {
            pulls.pulled(target.repository(), target.reference(), response.getHeaderString("Docker-Content-Digest"), subject());
        }
        return response;
    }

    /**
     * A blob of a proxy cache project: read from the registry as in any project (a cache hit costs
     * what a local pull does); only a blob the registry lacks (404) is fetched from the upstream.
     */
    private Response proxiedBlob(RegistryRequest target) {
        Relayed relayed = relay("GET", null, servletRequest.getContentLengthLong());
        if (relayed.failure() != null) return relayed.failure();
        if (relayed.answer().statusCode() != 404) {
            if (relayed.answer().statusCode() / 100 == 2) proxy.servedFromCache();
            return respond("GET", relayed.external(), relayed.answer());
        }
        closeQuietly(relayed.answer().body());
        return proxy.notInRegistry("GET", target).orElseGet(() -> forward("GET", null));
    }

    @HEAD
    @Path("{path: .+}")
    public Response head() {
        RegistryRequest target = target();
        // A client that finds a blob here will not upload it: garbage collection must keep it (BlobGuard).
        if (target != null && target.is(Section.BLOBS)) blobGuard.touch(target.reference());
        if (target.is(Section.MANIFESTS)) {
            Optional<Response> gone = deletedOrUnsigned(target);
            // A HEAD answer has the status and headers of the GET's, without its body.
            if (gone.isPresent()) return Response.status(gone.get().getStatus())
                    .header("Docker-Distribution-API-Version", "registry/2.0").build();
        }
        if (target.is(Section.MANIFESTS)) return proxy.manifest("HEAD", target).orElseGet(() -> manifest("HEAD", target));
        if (target.is(Section.BLOBS)) return proxy.blob("HEAD", target).orElseGet(() -> forward("HEAD", null));
        return forward("HEAD", null);
    }

    /**
     * A manifest read, answered from {@link ManifestCache} when it holds the manifest in a type the
     * client accepts as stored; otherwise the registry answers, and a fit answer is kept. Any
     * doubt (no Accept, a type the client did not name, a body that does not match its digest)
     * goes to the registry, which then answers as it always would.
     */
    private Response manifest(String method, RegistryRequest target) {
        List<String> accepted = ManifestCache.acceptedTypes(headers.getRequestHeader(HttpHeaders.ACCEPT));
        Optional<ManifestCache.Manifest> cached = manifestCache.find(target.repository(), target.reference());
        if (cached.isPresent() && accepted.contains(cached.get().mediaType())) {
            servletRequest.setAttribute(MANIFEST_CACHE, "hit");
            return cachedAnswer(method, cached.get());
        }
        if (!manifestCache.serving()) return forward(method, null);
        servletRequest.setAttribute(MANIFEST_CACHE, "miss");
        long readSince = manifestCache.readStarts();
        Relayed relayed = relay(method, null, servletRequest.getContentLengthLong());
        if (relayed.failure() != null) return relayed.failure();
        UpstreamAnswer answer = relayed.answer();
        String type = answer.firstHeader(HttpHeaders.CONTENT_TYPE).orElse("");
        String digest = answer.firstHeader("Docker-Content-Digest").orElse(null);
        if (answer.statusCode() != 200 || digest == null || !accepted.contains(type)) return respond(method, relayed.external(), answer);
        byte[] body = null;
        if ("GET".equals(method)) {
            try (InputStream in = answer.body()) {
                body = in.readNBytes(MAX_MANIFEST_BYTES + 1);
                if (body.length > MAX_MANIFEST_BYTES) {
                    return ErrorBodies.registry(503, "UNAVAILABLE", "the registry answered a manifest larger than 4 MiB", null).build();
                }
            } catch (IOException e) {
                return ErrorBodies.registry(503, "UNAVAILABLE", "the registry's manifest could not be read", null).build();
            }
        } else {
            closeQuietly(answer.body());
        }
        List<Map.Entry<String, String>> kept = new java.util.ArrayList<>();
        answer.headers().forEach((name, values) -> {
            if (!RegistryUpstream.forwardable(name) || name.startsWith(":") || name.equalsIgnoreCase("Date")) return;
            values.forEach(v -> kept.add(Map.entry(name, v)));
        });
        ManifestCache.Manifest fetched = new ManifestCache.Manifest(body, type, digest, List.copyOf(kept), readSince);
        manifestCache.keep(target.repository(), target.reference(), fetched);
        if ("HEAD".equals(method)) return respond(method, relayed.external(), answer);
        return cachedAnswer(method, fetched);
    }

    private static Response cachedAnswer(String method, ManifestCache.Manifest manifest) {
        Response.ResponseBuilder response = Response.ok();
        manifest.headers().forEach(h -> response.header(h.getKey(), h.getValue()));
        response.header("Content-Length", Integer.toString(manifest.body().length));
        return "HEAD".equals(method) ? response.build() : response.entity(manifest.body()).build();
    }

    /**
     * The answer for a manifest Wharf does not let the registry serve: a tag deleted through Wharf
     * (Distribution 2.8 still holds it) is unknown; in a project with Harbor's cosign policy, an
     * artifact without a cosign signature is refused (412, as Harbor answers).
     */
    private Optional<Response> deletedOrUnsigned(RegistryRequest target) {
        if (!target.byDigest() && tagDeletions.deleted(target.repository(), target.reference())) {
            return Optional.of(ErrorBodies.registry(404, "MANIFEST_UNKNOWN", "manifest unknown", null).build());
        }
        Optional<String> unsigned = cosign.pullRefusal(target.repository(), target.reference(), signer(target.repository()));
        return unsigned.map(message -> ErrorBodies.registry(412, "PROJECTPOLICYVIOLATION", message, null).build());
    }

    /**
     * A manifest deleted by digest through the gateway leaves the records before the client has
     * its answer; the registry's event for it then finds nothing left to do.
     */
    @DELETE
    @Path("{path: .+}")
    public Response delete() {
        RegistryRequest target = target();
        if (target.is(Section.UPLOADS)) return forwardUpload("DELETE", null, target);
        if (target.is(Section.MANIFESTS) && !target.byDigest()) {
            Optional<String> immutable = immutableTags.tagDeleteRefusal(target.repository(), target.reference());
            if (immutable.isPresent()) return ErrorBodies.registry(403, "DENIED", immutable.get(), null).build();
            // Distribution 2.8 cannot untag (it answers DIGEST_INVALID): Wharf deletes the tag in
            // its records, as Harbor does, and answers for the tag as gone from then on.
            if (!tagDeletions.delete(target.repository(), target.reference(), subject())) {
                return ErrorBodies.registry(404, "MANIFEST_UNKNOWN", "manifest unknown", null).build();
            }
            manifestCache.changed(target.repository());
            return Response.accepted().header("Docker-Distribution-API-Version", "registry/2.0").build();
        }
        if (target.is(Section.MANIFESTS)) {
            Optional<String> immutable = immutableTags.deleteRefusal(target.repository(), target.reference());
            if (immutable.isPresent()) return ErrorBodies.registry(403, "DENIED", immutable.get(), null).build();
            manifestCache.changed(target.repository());
        }
        Response response = forward("DELETE", null);
        if (target.is(Section.MANIFESTS)) manifestCache.changed(target.repository());
        if (target.is(Section.MANIFESTS) && response.getStatus() == 202) {
            try {
                pushes.recordRelayedDelete(target.repository(), target.reference(), subject());
            } catch (RuntimeException e) {
                // The manifest is gone from the registry; its event or the reconciler removes the record.
                LOG.log(Level.WARNING, "Delete of " + target.repository() + "@" + target.reference() + " was not recorded: " + e.getMessage());
            }
        }
        return response;
    }

    @PUT
    @Path("{path: .+}")
    public Response put(InputStream body) {
        RegistryRequest target = target();
        Optional<Response> proxyRefusal = proxy.pushRefusal(target);
        if (proxyRefusal.isPresent()) return proxyRefusal.get();
        if (target.is(Section.UPLOADS)) {
            String digest = uri.getQueryParameters().getFirst("digest");
            blobGuard.touch(digest);
            if (digest != null) {
                Optional<Response> refused = quotaRefusal(target, digest);
                if (refused.isPresent()) return refused.get();
            }
            return forwardUpload("PUT", body, target);
        }
        if (!target.is(Section.MANIFESTS)) return forward("PUT", body);
        return putManifest(target.repository(), target.reference(), body);
    }

    /**
     * A manifest PUT is buffered (manifests are small: the registry refuses more than 4 MiB too) so
     * that, once the registry has stored it, Wharf records it in the same request: a client that
     * asks the API right after its push finds the artifact and its tag. If recording fails the
     * client gets a registry error, and the registry's event or the reconciler records it later.
     */
    private Response putManifest(String repository, String reference, InputStream body) {
        byte[] manifest;
        try (InputStream in = body) {
            manifest = in.readNBytes(MAX_MANIFEST_BYTES + 1);
        } catch (IOException e) {
            return ErrorBodies.registry(400, "MANIFEST_INVALID", "the manifest could not be read", null).build();
        }
        if (manifest.length > MAX_MANIFEST_BYTES) {
            return ErrorBodies.registry(400, "MANIFEST_INVALID", "the manifest is larger than 4 MiB", null).build();
        }
        Optional<String> invalid = io.wharf.registry.ManifestValidator.problem(manifest, headers.getHeaderString(HttpHeaders.CONTENT_TYPE));
        if (invalid.isPresent()) return ErrorBodies.registry(400, "MANIFEST_INVALID", invalid.get(), null).build();
        touchReferences(manifest);
        Optional<String> overQuota = quotas.manifestRefusal(repository, manifest, null, subject());
        if (overQuota.isPresent()) return ErrorBodies.registry(403, "DENIED", overQuota.get(), null).build();
        if (!io.wharf.registry.RegistryReference.isDigest(reference)) {
            Optional<String> immutable = immutableTags.pushRefusal(repository, reference, manifest);
            if (immutable.isPresent()) return ErrorBodies.registry(403, "DENIED", immutable.get(), null).build();
        }
        // The registry's push event arrives while this relay still waits: it waits for this one.
        // Every server forgets this repository's tags before the registry has the new manifest and
        // again once it has it, so that no read racing the push is kept as current.
        manifestCache.changed(repository);
        try (RelayedPushes.Relay inFlight = relayedPushes.begin(repository, manifest)) {
            Relayed relayed = relay("PUT", new java.io.ByteArrayInputStream(manifest), manifest.length);
            manifestCache.changed(repository);
            if (relayed.failure() != null) return relayed.failure();
            UpstreamAnswer answer = relayed.answer();
            if (answer.statusCode() == 201) {
                try {
                    pushes.recordRelayed(repository, reference, answer.firstHeader("Docker-Content-Digest").orElse(null),
                            manifest, headers.getHeaderString(HttpHeaders.CONTENT_TYPE), subject());
                } catch (RuntimeException e) {
                    closeQuietly(answer.body());
                    LOG.log(Level.WARNING, "Manifest " + repository + ":" + reference + " is in the registry but was not recorded", e);
                    return ErrorBodies.registry(500, "UNKNOWN",
                            "the manifest was stored but Wharf could not record it; push it again", null).build();
                }
                Optional<String> subject = subjectOf(manifest);
                if (subject.isPresent()) {
                    // OCI 1.1: the registry serves the referrers API for this subject, so clients
                    // need not maintain the sha256-<hex> tag index themselves.
                    return Response.fromResponse(respond("PUT", relayed.external(), answer)).header("OCI-Subject", subject.get()).build();
                }
            }
            return respond("PUT", relayed.external(), answer);
        }
    }

    /**
     * An upload that would take its project over its quota is refused before the registry stores it
     * (registry error DENIED with the numbers), and its session is cancelled so nothing of it stays.
     */
    private Optional<Response> quotaRefusal(RegistryRequest target, String digest) {
        long bytes = uploads.find(target.reference()).map(UploadSessions.Upload::size).orElse(0L)
                + Math.max(0, servletRequest.getContentLengthLong());
        Optional<String> refusal = quotas.uploadRefusal(target.repository(), digest, bytes, subject());
        if (refusal.isEmpty()) return Optional.empty();
        String uuid = target.reference();
        String state = uploads.find(uuid).map(UploadSessions.Upload::state).orElse(null);
        try {
            UpstreamAnswer cancelled = upstream.exchange("DELETE", "/v2/" + target.repository() + "/blobs/uploads/" + uuid
                    + (state == null ? "" : "?_state=" + state), Map.of("Authorization",
                    List.of(headers.getHeaderString(HttpHeaders.AUTHORIZATION))), null, 0);
            closeQuietly(cancelled.body());
            uploads.forget(uuid);
        } catch (IOException | RuntimeException e) {
            // garbage collection purges the abandoned session later
            LOG.log(Level.FINE, "Upload " + uuid + " refused by quota was not cancelled: " + e.getMessage());
        }
        return Optional.of(ErrorBodies.registry(403, "DENIED", refusal.get(), null).build());
    }

    /** Garbage collection keeps what a manifest being pushed references (BlobGuard). */
    private void touchReferences(byte[] manifest) {
        try {
            blobGuard.touch("sha256:" + java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(manifest)));
            ManifestSummary summary = ManifestSummary.parse(manifest, null);
            blobGuard.touch(summary.configDigest());
            summary.references().forEach(blobGuard::touch);
        } catch (IllegalArgumentException | java.security.NoSuchAlgorithmException e) {
            // the registry judges it; nothing to keep
        }
    }

    private static Optional<String> subjectOf(byte[] manifest) {
        try {
            return Optional.ofNullable(ManifestSummary.parse(manifest, null).subjectDigest());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code GET /v2/<name>/referrers/<digest>}, answered from Wharf's records: an image index of
     * the manifests whose subject is the digest (empty when there are none, or no such manifest),
     * filtered by {@code artifactType} and paged with {@code n} and a {@code Link} to the next page.
     */
    private Response referrers(RegistryRequest target) {
        String artifactType = uri.getQueryParameters().getFirst("artifactType");
        String last = uri.getQueryParameters().getFirst("last");
        int n;
        try {
            String raw = uri.getQueryParameters().getFirst("n");
            n = raw == null ? MAX_REFERRERS_PAGE : Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > MAX_REFERRERS_PAGE) {
            return ErrorBodies.registry(400, "PAGINATION_NUMBER_INVALID", "n must be between 1 and " + MAX_REFERRERS_PAGE, null).build();
        }
        Referrers.Page page = referrerIndex.page(target.repository(), target.reference(), artifactType, last, n);
        Response.ResponseBuilder r = Response.ok(page.index().toString(), Referrers.INDEX)
                .header("Docker-Distribution-API-Version", "registry/2.0");
        if (artifactType != null) r.header("OCI-Filters-Applied", "artifactType");
        if (page.nextAfter() != null) {
            r.header("Link", "</v2/" + target.repository() + "/referrers/" + target.reference() + "?n=" + n + "&last="
                    + URLEncoder.encode(page.nextAfter(), StandardCharsets.UTF_8)
                    + (artifactType == null ? "" : "&artifactType=" + URLEncoder.encode(artifactType, StandardCharsets.UTF_8))
                    + ">; rel=\"next\"");
        }
        return r.build();
    }

    /** cosign or notation, allowed to push here: about to sign what it reads. */
    private boolean signer(String repository) {
        String agent = headers.getHeaderString(HttpHeaders.USER_AGENT);
        if (agent == null || !(agent.contains("cosign") || agent.contains("notation"))) return false;
        Grant grant = (Grant) servletRequest.getAttribute(RegistryAuthFilter.GRANT);
        return grant != null && grant.allows("repository", repository, "push");
    }

    private String subject() {
        Grant grant = (Grant) servletRequest.getAttribute(RegistryAuthFilter.GRANT);
        return grant == null ? null : grant.subject();
    }

    /** The request as {@link RegistryAuthFilter} read it (every path served here passed it). */
    private RegistryRequest target() {
        return (RegistryRequest) servletRequest.getAttribute(RegistryAuthFilter.TARGET);
    }

    @POST
    @Path("{path: .+}")
    public Response post(InputStream body) {
        RegistryRequest target = target();
        Optional<Response> proxyRefusal = proxy.pushRefusal(target);
        if (proxyRefusal.isPresent()) return proxyRefusal.get();
        if (!target.is(Section.UPLOADS) || !target.reference().isEmpty()) return forward("POST", body);
        String query = uri.getRequestUri().getRawQuery();
        String from = uri.getQueryParameters().getFirst("from");
        blobGuard.touch(uri.getQueryParameters().getFirst("mount"));
        blobGuard.touch(uri.getQueryParameters().getFirst("digest"));
        if (from != null && !mayPull(from)) {
            // A mount from a repository this token cannot read is no mount: an ordinary upload
            // starts (202), as the spec lets a registry answer, and the source stays unread.
            query = withoutMount(query);
        }
        Relayed relayed = relayTo("POST", uri.getRequestUri().getRawPath() + (query == null || query.isEmpty() ? "" : "?" + query),
                body, servletRequest.getContentLengthLong());
        if (relayed.failure() != null) return relayed.failure();
        if (relayed.answer().statusCode() == 202) {
            String location = relayed.answer().firstHeader("Location").orElse(null);
            uploads.remember(relayed.answer().firstHeader("Docker-Upload-UUID").orElse(null),
                    new UploadSessions.Upload(0, UploadSessions.stateOf(location)));
        }
        return respond("POST", relayed.external(), relayed.answer());
    }

    private boolean mayPull(String repository) {
        Grant grant = (Grant) servletRequest.getAttribute(RegistryAuthFilter.GRANT);
        return grant != null && RepositoryName.parse(repository).isPresent() && grant.allows("repository", repository, "pull");
    }

    private static String withoutMount(String rawQuery) {
        if (rawQuery == null) return null;
        StringBuilder out = new StringBuilder();
        for (String param : rawQuery.split("&")) {
            if (param.isEmpty() || param.startsWith("mount=") || param.startsWith("from=")) continue;
            if (out.length() > 0) out.append('&');
            out.append(param);
        }
        return out.toString();
    }

    @PATCH
    @Path("{path: .+}")
    public Response patch(InputStream body) {
        RegistryRequest target = target();
        if (!target.is(Section.UPLOADS)) return forward("PATCH", body);
        return forwardUpload("PATCH", body, target);
    }

    /**
     * A request on an upload in progress, put right before the registry sees it: a chunk that does
     * not start where the upload ends is refused with 416 (Distribution 2.8 would cancel the whole
     * upload), and a stale {@code _state} is replaced by the latest one the registry gave.
     */
    private Response forwardUpload(String method, InputStream body, RegistryRequest target) {
        String uuid = target.reference();
        Optional<UploadSessions.Upload> known = uploads.find(uuid);
        if (known.isEmpty()) return forward(method, body);
        UploadSessions.Upload upload = known.get();
        String contentRange = headers.getHeaderString("Content-Range");
        long start = UploadSessions.rangeStart(contentRange);
        if ("PATCH".equals(method) && contentRange != null && start != upload.size()) {
            String external = externalUrl.of(uri, headers);
            return ErrorBodies.registry(416, "BLOB_UPLOAD_INVALID", "the chunk must start at byte " + upload.size(), null)
                    .header("Location", external + "/v2/" + target.repository() + "/blobs/uploads/" + uuid
                            + (upload.state() == null ? "" : "?_state=" + upload.state()))
                    .header("Range", "0-" + Math.max(0, upload.size() - 1))
                    .header("Docker-Upload-UUID", uuid).build();
        }
        String query = uri.getRequestUri().getRawQuery();
        if (upload.state() != null) query = UploadSessions.withState(query, upload.state());
        long length = servletRequest.getContentLengthLong();
        Relayed relayed = relayTo(method, uri.getRequestUri().getRawPath() + (query == null ? "" : "?" + query), body, length);
        if (relayed.failure() != null) return relayed.failure();
        UpstreamAnswer answer = relayed.answer();
        int status = answer.statusCode();
        if ((method.equals("PUT") && status == 201) || method.equals("DELETE") && status == 204) {
            uploads.forget(uuid);
        } else if (status == 202 || status == 204) {
            long size = upload.size();
            if (method.equals("PATCH")) {
                long end = UploadSessions.rangeEnd(contentRange);
                long answered = UploadSessions.rangeEnd(answer.firstHeader("Range").orElse(null));
                size = end >= 0 ? end + 1 : length > 0 ? size + length : answered > 0 ? answered + 1 : size;
            }
            String state = UploadSessions.stateOf(answer.firstHeader("Location").orElse(null));
            uploads.remember(uuid, new UploadSessions.Upload(size, state != null ? state : upload.state()));
        }
        return respond(method, relayed.external(), answer);
    }

    private Response forward(String method, InputStream body) {
        Relayed relayed = relay(method, body, servletRequest.getContentLengthLong());
        return relayed.failure() != null ? relayed.failure() : respond(method, relayed.external(), relayed.answer());
    }

    /** The registry's answer to the request, or the error to give the client when there is none. */
    private record Relayed(String external, UpstreamAnswer answer, Response failure) {}

    private Relayed relay(String method, InputStream body, long length) {
        String rawQuery = uri.getRequestUri().getRawQuery();
        return relayTo(method, uri.getRequestUri().getRawPath() + (rawQuery == null ? "" : "?" + rawQuery), body, length);
    }

    /** Relays the request to the registry at {@code pathAndQuery} (the client's, or one put right). */
    private Relayed relayTo(String method, String pathAndQuery, InputStream body, long length) {
        String external = externalUrl.of(uri, headers);
        Map<String, List<String>> outgoing = new HashMap<>(headers.getRequestHeaders());
        outgoing.put("X-Forwarded-Proto", List.of(external.substring(0, external.indexOf(':'))));
        outgoing.put("X-Forwarded-Host", List.of(externalUrl.hostOf(external)));
        try {
            return new Relayed(external, upstream.exchange(method, pathAndQuery, outgoing, body, length), null);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Registry request failed: " + method + " " + pathAndQuery + ": " + e.getMessage());
            return new Relayed(external, null, ErrorBodies.registry(503, "UNAVAILABLE", "the registry is not reachable", null).build());
        }
    }

    private Response respond(String method, String external, UpstreamAnswer answer) {
        Response.ResponseBuilder response = Response.status(answer.statusCode());
        answer.headers().forEach((name, values) -> {
            if (!RegistryUpstream.forwardable(name) || name.startsWith(":")) return;
            for (String value : values) {
                response.header(name, name.equalsIgnoreCase("Location") ? rewriteLocation(value, external) : value);
            }
        });
        answer.firstHeader("Content-Length").ifPresent(v -> response.header("Content-Length", v));
        InputStream stream = answer.body();
        if ("HEAD".equals(method) || answer.statusCode() == 204 || answer.statusCode() == 304) {
            closeQuietly(stream);
            return response.build();
        }
        StreamingOutput out = sink -> {
            try (InputStream in = stream) {
                byte[] buffer = new byte[COPY_BUFFER];
                int read;
                while ((read = in.read(buffer)) != -1) {
                    sink.write(buffer, 0, read);
                }
            }
        };
        return response.entity(out).build();
    }

    private String rewriteLocation(String location, String external) {
        String registryBase = upstream.baseUrl();
        if (location.startsWith(registryBase)) return external + location.substring(registryBase.length());
        return location;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing to read: the registry's connection goes back to the pool either way
        }
    }
}
