package io.wharf.web.metrics;

import io.wharf.web.registry.RegistryGatewayResource;
import io.wharf.web.token.TokenResource;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.time.Duration;

/**
 * Counts every request and times it from before authentication to the answer's headers, labelled
 * by the resource method that served it ({@code unmatched} when none did). Runs first and last of
 * all filters, so refused requests count too.
 */
@Provider
@PreMatching
@Priority(1)
public class HttpMetricsFilter implements ContainerRequestFilter, ContainerResponseFilter {
    private static final String STARTED = HttpMetricsFilter.class.getName() + ".started";

    @Inject RequestMeters meters;

    @Context ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object started = request.getProperty(STARTED);
        Duration took = started instanceof Long t ? Duration.ofNanos(System.nanoTime() - t) : null;
        Class<?> type = resource == null ? null : resource.getResourceClass();
        Method method = resource == null ? null : resource.getResourceMethod();
        String operation = type == null || method == null ? "unmatched" : type.getSimpleName() + "." + method.getName();
        int status = response.getStatus();
        meters.request(request.getMethod(), status, operation, took);
        if (type == RegistryGatewayResource.class) meters.gatewayRequest(request.getMethod(), status);
        if (request.getProperty(RegistryGatewayResource.MANIFEST_CACHE) instanceof String outcome) meters.manifestCache(outcome);
        if (type == TokenResource.class && status == 200) meters.tokenIssued();
    }
}
