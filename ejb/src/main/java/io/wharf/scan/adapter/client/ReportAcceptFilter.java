package io.wharf.scan.adapter.client;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Sends the report request's {@code Accept} as exactly {@value AdapterClient#VULNERABILITY_REPORT}:
 * adapters (Trivy's among them) compare the header as a string, while the client would otherwise
 * add its default {@code application/json} or write the type without the space.
 */
public class ReportAcceptFilter implements ClientRequestFilter {
    @Override
    public void filter(ClientRequestContext request) {
        if (request.getUri().getRawPath().endsWith("/report")) {
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, AdapterClient.VULNERABILITY_REPORT);
        }
    }
}
