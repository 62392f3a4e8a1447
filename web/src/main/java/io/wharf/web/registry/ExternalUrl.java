package io.wharf.web.registry;

import io.wharf.config.WharfConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;

/** The URL clients reach Wharf at: configured, or else the one this request came in on. */
@ApplicationScoped
public class ExternalUrl {
    @Inject WharfConfig config;

    public String of(UriInfo uri, HttpHeaders headers) {
        return config.externalUrl().orElseGet(() -> {
            String host = headers.getHeaderString("Host");
            String scheme = uri.getBaseUri().getScheme();
            if (host == null || host.isBlank() || !host.matches("[A-Za-z0-9.:\\[\\]-]+")) {
                host = uri.getBaseUri().getAuthority();
            }
            return scheme + "://" + host;
        });
    }

    public String hostOf(String externalUrl) {
        int start = externalUrl.indexOf("://") + 3;
        int slash = externalUrl.indexOf('/', start);
        return slash < 0 ? externalUrl.substring(start) : externalUrl.substring(start, slash);
    }
}
