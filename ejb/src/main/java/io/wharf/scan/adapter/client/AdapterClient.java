package io.wharf.scan.adapter.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * A scanner that speaks Harbor's pluggable scanner adapter API v1.0 (Trivy's adapter, for one).
 * Bodies travel as JSON text that the caller writes and parses with JSON-P: the adapter's media
 * types ({@code application/vnd.scanner.adapter.*+json; version=1.0}, the report's
 * {@code application/vnd.security.vulnerability.report; version=1.1}) are not all JSON by name.
 * {@code authorization} is the adapter's own credential ({@code scanner.adapter.authorization}),
 * null for none. Error answers become {@link AdapterException}s; close the client after the scan.
 */
@RegisterRestClient(configKey = "scanner-adapter")
@RegisterProvider(AdapterUnavailableMapper.class)
@RegisterProvider(AdapterNotFoundMapper.class)
@RegisterProvider(AdapterRejectedMapper.class)
@RegisterProvider(ReportAcceptFilter.class)
@Path("/api/v1")
public interface AdapterClient extends AutoCloseable {
    String METADATA = "application/vnd.scanner.adapter.metadata+json; version=1.0";
    String SCAN_REQUEST = "application/vnd.scanner.adapter.scan.request+json; version=1.0";
    String SCAN_RESPONSE = "application/vnd.scanner.adapter.scan.response+json; version=1.0";
    /** The report Wharf asks for: Harbor's generic vulnerability report, version 1.1. */
    String VULNERABILITY_REPORT = "application/vnd.security.vulnerability.report; version=1.1";

    /** Name, vendor, version and capabilities ({@code consumes_mime_types}, {@code produces_mime_types}). */
    @GET
    @Path("/metadata")
    @Produces(METADATA)
    String metadata(@HeaderParam("Authorization") String authorization);

    /** Queues a scan ({@code {"registry":{"url","authorization"},"artifact":{...}}}); answers 202 {@code {"id"}}. */
    @POST
    @Path("/scan")
    @Consumes(SCAN_REQUEST)
    @Produces(SCAN_RESPONSE)
    String scan(@HeaderParam("Authorization") String authorization, String scanRequest);

    /**
     * The report: 200 with it, or 302 (with {@code Refresh-After: <seconds>}, sometimes a
     * {@code Location} back to itself) while the scan runs. Asks for {@link #VULNERABILITY_REPORT},
     * written exactly so by {@link ReportAcceptFilter}. The caller closes the response.
     */
    @GET
    @Path("/scan/{id}/report")
    @Produces(VULNERABILITY_REPORT)
    Response report(@HeaderParam("Authorization") String authorization, @PathParam("id") String scanRequestId);
}
