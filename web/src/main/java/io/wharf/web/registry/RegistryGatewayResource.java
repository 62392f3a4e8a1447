package io.wharf.web.registry;

import io.wharf.notification.PushRecorder;
import io.wharf.notification.RelayedPushes;
import io.wharf.registry.PullRecorder;
import io.wharf.registry.RegistryCatalogService;
import io.wharf.registry.RegistryUpstream;
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

    @Inject RegistryUpstream upstream;
    @Inject RegistryCatalogService catalog;
    @Inject ExternalUrl externalUrl;
    @Inject ScanPolicy policy;
    @Inject PullRecorder pulls;
    @Inject PushRecorder pushes;
    @Inject RelayedPushes relayedPushes;
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
        List<String> all = body.isNull("tags") ? List.of()
                : body.getJsonArray("tags").getValuesAs(JsonString.class).stream().map(JsonString::getString).sorted().toList();
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
    public Response get(@PathParam("path") String path) {
        int at = path.lastIndexOf("/manifests/");
        if (at <= 0) return forward("GET", null);
        String repository = path.substring(0, at);
        String reference = path.substring(at + "/manifests/".length());
        Optional<String> refusal = policy.pullRefusal(repository, reference);
        if (refusal.isPresent()) return ErrorBodies.registry(412, "PROJECT_POLICY_VIOLATION", refusal.get(), null).build();
        Response response = forward("GET", null);
        if (response.getStatus() == 200) {
            Grant grant = (Grant) servletRequest.getAttribute(RegistryAuthFilter.GRANT);
            pulls.pulled(repository, reference, response.getHeaderString("Docker-Content-Digest"),
                    grant == null ? null : grant.subject());
        }
        return response;
    }

    @HEAD
    @Path("{path: .+}")
    public Response head() { return forward("HEAD", null); }

    /**
     * A manifest deleted by digest through the gateway leaves the records before the client has
     * its answer; the registry's event for it then finds nothing left to do.
     */
    @DELETE
    @Path("{path: .+}")
    public Response delete(@PathParam("path") String path) {
        int at = path.lastIndexOf("/manifests/");
        Response response = forward("DELETE", null);
        if (at > 0 && response.getStatus() == 202) {
            String repository = path.substring(0, at);
            String digest = path.substring(at + "/manifests/".length());
            try {
                pushes.recordRelayedDelete(repository, digest, subject());
            } catch (RuntimeException e) {
                // The manifest is gone from the registry; its event or the reconciler removes the record.
                LOG.log(Level.WARNING, "Delete of " + repository + "@" + digest + " was not recorded: " + e.getMessage());
            }
        }
        return response;
    }

    @PUT
    @Path("{path: .+}")
    public Response put(@PathParam("path") String path, InputStream body) {
        int at = path.lastIndexOf("/manifests/");
        if (at <= 0) return forward("PUT", body);
        return putManifest(path.substring(0, at), path.substring(at + "/manifests/".length()), body);
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
        // The registry's push event arrives while this relay still waits: it waits for this one.
        try (RelayedPushes.Relay inFlight = relayedPushes.begin(repository, manifest)) {
            Relayed relayed = relay("PUT", new java.io.ByteArrayInputStream(manifest), manifest.length);
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
            }
            return respond("PUT", relayed.external(), answer);
        }
    }

    private String subject() {
        Grant grant = (Grant) servletRequest.getAttribute(RegistryAuthFilter.GRANT);
        return grant == null ? null : grant.subject();
    }

    @POST
    @Path("{path: .+}")
    public Response post(InputStream body) { return forward("POST", body); }

    @PATCH
    @Path("{path: .+}")
    public Response patch(InputStream body) { return forward("PATCH", body); }

    private Response forward(String method, InputStream body) {
        Relayed relayed = relay(method, body, servletRequest.getContentLengthLong());
        return relayed.failure() != null ? relayed.failure() : respond(method, relayed.external(), relayed.answer());
    }

    /** The registry's answer to the request, or the error to give the client when there is none. */
    private record Relayed(String external, UpstreamAnswer answer, Response failure) {}

    private Relayed relay(String method, InputStream body, long length) {
        String external = externalUrl.of(uri, headers);
        String rawPath = uri.getRequestUri().getRawPath();
        String rawQuery = uri.getRequestUri().getRawQuery();
        Map<String, List<String>> outgoing = new HashMap<>(headers.getRequestHeaders());
        outgoing.put("X-Forwarded-Proto", List.of(external.substring(0, external.indexOf(':'))));
        outgoing.put("X-Forwarded-Host", List.of(externalUrl.hostOf(external)));
        try {
            return new Relayed(external, upstream.exchange(method, rawPath + (rawQuery == null ? "" : "?" + rawQuery),
                    outgoing, body, length), null);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Registry request failed: " + method + " " + rawPath + ": " + e.getMessage());
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
