package io.wharf.registry.client;

import jakarta.json.JsonObject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The registry's API as Wharf itself calls it (not the client traffic, which the gateway streams).
 * Every call carries a token Wharf minted for itself. The URL and timeouts are the config key
 * {@code registry} ({@code registry/mp-rest/url}, set from {@code wharf.registry.url}).
 */
@RegisterRestClient(configKey = "registry")
@RegisterProvider(RegistryUnavailableMapper.class)
@RegisterProvider(RegistryNotFoundMapper.class)
@Produces(MediaType.APPLICATION_JSON)
public interface RegistryClient {

    @GET
    @Path("/v2/")
    Response ping(@HeaderParam("Authorization") String authorization);

    @GET
    @Path("/v2/_catalog")
    Response catalog(@HeaderParam("Authorization") String authorization,
                     @QueryParam("n") Integer n, @QueryParam("last") String last);

    @GET
    @Path("/v2/{name: .+}/tags/list")
    JsonObject tags(@HeaderParam("Authorization") String authorization, @PathParam("name") String name);

    /** The manifest as pushed; the caller reads the bytes, the Content-Type and Docker-Content-Digest. */
    @GET
    @Path("/v2/{name: .+}/manifests/{reference}")
    @Produces(MediaType.WILDCARD)
    Response manifest(@HeaderParam("Authorization") String authorization, @HeaderParam("Accept") String accept,
                      @PathParam("name") String name, @PathParam("reference") String reference);

    @DELETE
    @Path("/v2/{name: .+}/manifests/{digest}")
    Response deleteManifest(@HeaderParam("Authorization") String authorization,
                            @PathParam("name") String name, @PathParam("digest") String digest);
}
