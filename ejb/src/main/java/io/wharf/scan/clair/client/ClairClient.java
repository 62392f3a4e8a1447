package io.wharf.scan.clair.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Clair v4's indexer and matcher as a scan calls them. Bodies travel as JSON text that the caller
 * writes and parses with JSON-P, so a malformed answer is reported as such rather than as a provider
 * error. Built with {@code RestClientBuilder} from {@code scanner.clair.*} (see
 * {@code ClairSettings}); the config key exists for installations that prefer {@code clair/mp-rest/*}.
 * Error answers become {@link ClairException}s; close the client after the scan.
 */
@RegisterRestClient(configKey = "clair")
@RegisterProvider(ClairUnavailableMapper.class)
@RegisterProvider(ClairNotFoundMapper.class)
@RegisterProvider(ClairRejectedMapper.class)
@Produces(MediaType.APPLICATION_JSON)
public interface ClairClient extends AutoCloseable {

    /**
     * Submits a manifest ({@code {"hash","layers":[{"hash","uri","headers"}]}}) for indexing; answers the
     * IndexReport (201, or 200 when Clair knew it already).
     */
    @POST
    @Path("/indexer/api/v1/index_report")
    @Consumes(MediaType.APPLICATION_JSON)
    String index(String manifest);

    /** The IndexReport of a manifest submitted before; its {@code state} tells how far indexing is. */
    @GET
    @Path("/indexer/api/v1/index_report/{digest}")
    String indexReport(@PathParam("digest") String manifestDigest);

    /** The VulnerabilityReport of an indexed manifest. */
    @GET
    @Path("/matcher/api/v1/vulnerability_report/{digest}")
    String vulnerabilityReport(@PathParam("digest") String manifestDigest);
}
