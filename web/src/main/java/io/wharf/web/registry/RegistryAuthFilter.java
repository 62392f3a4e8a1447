package io.wharf.web.registry;

import io.wharf.config.WharfConfig;
import io.wharf.project.ProjectRole.Action;
import io.wharf.registry.RegistryReference;
import io.wharf.registry.RegistryRequest;
import io.wharf.registry.RepositoryName;
import io.wharf.token.TokenVerifier;
import io.wharf.token.TokenVerifier.Grant;
import io.wharf.web.error.ErrorBodies;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;

/**
 * The gateway's first middleware: every {@code /v2} request must carry a Wharf token that covers
 * its repository and action, and a well-formed repository name, before anything reaches the
 * registry. Refusals use the registry's own challenge and error format so clients react as they
 * would to Distribution (asking for a new token with the scope named in the challenge).
 */
@Provider
@RegistryBearer
@Priority(io.wharf.web.security.FilterOrder.REGISTRY_TOKEN)
public class RegistryAuthFilter implements ContainerRequestFilter {
    public static final String GRANT = "wharf.registry.grant";
    public static final String TARGET = "wharf.registry.target";

    @Inject TokenVerifier verifier;
    @Inject WharfConfig config;
    @Inject ExternalUrl externalUrl;
    @Context HttpHeaders headers;

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/")) path = path.substring(1);
        if (!(path.equals("v2") || path.startsWith("v2/"))) return;
        String rest = path.equals("v2") ? "" : path.substring(3);

        Optional<RegistryRequest> target = RegistryRequest.of(request.getMethod(), rest);
        if (target.isEmpty()) {
            request.abortWith(ErrorBodies.registry(404, "NAME_UNKNOWN", "no such registry API path", null).build());
            return;
        }
        RegistryRequest what = target.get();
        if (what.kind() == RegistryRequest.Kind.REPOSITORY) {
            String problem = RepositoryName.problem(what.repository());
            if (problem != null) {
                request.abortWith(ErrorBodies.registry(400, "NAME_INVALID", "invalid repository name",
                        Json.createArrayBuilder().add(problem)).build());
                return;
            }
            Optional<RegistryReference.Problem> reference = RegistryReference.check(request.getMethod(), what);
            if (reference.isPresent()) {
                request.abortWith(ErrorBodies.registry(reference.get().status(), reference.get().code(), reference.get().message(), null).build());
                return;
            }
        }
        Optional<Grant> grant = bearer(request.getHeaderString(HttpHeaders.AUTHORIZATION)).flatMap(verifier::verifyAccessToken);
        if (grant.isEmpty()) {
            request.abortWith(challenge(request, what, null));
            return;
        }
        if (what.kind() == RegistryRequest.Kind.REPOSITORY
                && !grant.get().allows("repository", what.repository(), what.action().wire())) {
            request.abortWith(challenge(request, what, "insufficient_scope"));
            return;
        }
        if (what.kind() == RegistryRequest.Kind.CATALOG && !grant.get().allows("registry", "catalog", "*")) {
            request.abortWith(challenge(request, what, "insufficient_scope"));
            return;
        }
        request.setProperty(GRANT, grant.get());
        request.setProperty(TARGET, what);
    }

    private jakarta.ws.rs.core.Response challenge(ContainerRequestContext request, RegistryRequest what, String error) {
        String base = externalUrl.of(request.getUriInfo(), headers);
        StringBuilder value = new StringBuilder("Bearer realm=\"").append(base).append("/service/token\",service=\"")
                .append(config.tokenService()).append('"');
        String scope = scopeOf(what);
        String from = request.getUriInfo().getQueryParameters().getFirst("from");
        if (scope != null && what.is(RegistryRequest.Section.UPLOADS) && from != null && RepositoryName.problem(from) == null) {
            // A cross-repository mount reads the source: ask for its pull scope too, which the
            // token service grants only when the caller may pull it (else the mount is an upload).
            scope += " repository:" + from + ":pull";
        }
        if (scope != null) value.append(",scope=\"").append(scope).append('"');
        if (error != null) value.append(",error=\"").append(error).append('"');
        String code = error == null ? "UNAUTHORIZED" : "DENIED";
        String message = error == null ? "authentication required" : "requested access to the resource is denied";
        var detail = what.kind() == RegistryRequest.Kind.REPOSITORY
                ? Json.createArrayBuilder().add(Json.createObjectBuilder().add("Type", "repository")
                        .add("Class", "").add("Name", what.repository()).add("Action", what.action().wire()))
                : null;
        return ErrorBodies.registry(401, code, message, detail).header("WWW-Authenticate", value.toString()).build();
    }

    private static String scopeOf(RegistryRequest what) {
        return switch (what.kind()) {
            case BASE -> null;
            case CATALOG -> "registry:catalog:*";
            case REPOSITORY -> "repository:" + what.repository() + ":"
                    + (what.action() == Action.PULL ? "pull" : what.action() == Action.PUSH ? "pull,push" : "delete");
        };
    }

    private static Optional<String> bearer(String header) {
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return Optional.empty();
        return Optional.of(header.substring(7).trim());
    }
}
