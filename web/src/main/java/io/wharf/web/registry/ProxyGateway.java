package io.wharf.web.registry;

import io.wharf.proxy.ProxyBlobs;
import io.wharf.proxy.ProxyCache;
import io.wharf.proxy.ProxyProjects;
import io.wharf.registry.RegistryRequest;
import io.wharf.registry.RegistryRequest.Section;
import io.wharf.web.error.ErrorBodies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.Optional;

/**
 * The gateway's part for proxy cache projects: manifest and blob reads the registry cannot answer
 * yet come from the upstream, and pushes are refused as Harbor refuses them. Every answer here is
 * empty for an ordinary project, which the gateway then serves as always.
 */
@ApplicationScoped
public class ProxyGateway {
    @Inject ProxyProjects projects;
    @Inject ProxyCache manifests;
    @Inject ProxyBlobs blobs;

    /** A push (upload or manifest) into a proxy cache project: refused with DENIED. */
    public Optional<Response> pushRefusal(RegistryRequest target) {
        if (target == null || !(target.is(Section.UPLOADS) || target.is(Section.MANIFESTS))) return Optional.empty();
        if (!projects.isProxy(target.repository())) return Optional.empty();
        return Optional.of(ErrorBodies.registry(403, "DENIED", "can not push artifact to a proxy project", null).build());
    }

    public Optional<Response> manifest(String method, RegistryRequest target) {
        if (!projects.isProxy(target.repository())) return Optional.empty();
        ProxyCache.Outcome outcome = manifests.manifest(target.repository(), target.reference());
        if (outcome instanceof ProxyCache.Fetched f) {
            Response.ResponseBuilder r = Response.ok().type(f.mediaType())
                    .header("Docker-Content-Digest", f.digest())
                    .header("Docker-Distribution-API-Version", "registry/2.0")
                    .header("Content-Length", Integer.toString(f.body().length));
            return Optional.of("HEAD".equals(method) ? r.build() : r.entity(f.body()).build());
        }
        if (outcome instanceof ProxyCache.Failed f) return Optional.of(failure(method, f.status(), f.code(), f.message()));
        return Optional.empty();
    }

    public Optional<Response> blob(String method, RegistryRequest target) {
        if (!projects.isProxy(target.repository())) return Optional.empty();
        return answer(method, blobs.blob(method, target.repository(), target.reference()));
    }

    private static Optional<Response> answer(String method, ProxyBlobs.Outcome outcome) {
        if (outcome instanceof ProxyBlobs.Streamed s) {
            Response.ResponseBuilder r = Response.ok().type(s.mediaType())
                    .header("Docker-Content-Digest", s.digest())
                    .header("Docker-Distribution-API-Version", "registry/2.0");
            if (s.size() >= 0) r.header("Content-Length", Long.toString(s.size()));
            return Optional.of("HEAD".equals(method) ? r.build() : r.entity((StreamingOutput) s::writeTo).build());
        }
        if (outcome instanceof ProxyBlobs.Failed f) return Optional.of(failure(method, f.status(), f.code(), f.message()));
        return Optional.empty();
    }

    /** Whether the request is in a proxy cache project. */
    public boolean isProxy(RegistryRequest target) { return projects.isProxy(target.repository()); }

    /** A proxy cache project's blob that Wharf's registry has just served: a cache hit. */
    public void servedFromCache() { blobs.hit(); }

    /**
     * A blob read in a proxy cache project that Wharf's registry has just answered 404: fetched
     * from the upstream, as {@link #blob} does; empty when the registry holds it by now (another
     * client's fetch of it was waited for), to be read from there.
     */
    public Optional<Response> notInRegistry(String method, RegistryRequest target) {
        return answer(method, blobs.blob(method, target.repository(), target.reference(), true));
    }

    private static Response failure(String method, int status, String code, String message) {
        if ("HEAD".equals(method)) return Response.status(status).header("Docker-Distribution-API-Version", "registry/2.0").build();
        return ErrorBodies.registry(status, code, message, null).build();
    }
}
