package io.wharf.web.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The address a request came from, as sign-in throttling counts it: the connection's peer, or,
 * when that peer is a proxy named in {@code wharf.trusted.proxies} (comma-separated addresses,
 * e.g. the HAProxy in front of several servers), the last address it appended to
 * {@code X-Forwarded-For}. Without trusted proxies the header is ignored: a client could write anything there.
 */
public final class ClientAddress {
    private static volatile Set<String> trusted;

    private ClientAddress() {}

    public static String of(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (!trusted().contains(peer)) return peer;
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) return peer;
        String[] hops = forwarded.split(",");
        String last = hops[hops.length - 1].strip();
        return last.matches("[0-9A-Fa-f:.]{2,45}") ? last : peer;
    }

    private static Set<String> trusted() {
        Set<String> t = trusted;
        if (t == null) {
            String value = ConfigProvider.getConfig().getOptionalValue("wharf.trusted.proxies", String.class).orElse("");
            t = Set.of(java.util.Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toArray(String[]::new));
            trusted = t;
        }
        return t;
    }
}
