package io.wharf.registry;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry's answer as the gateway relays it: status, headers as received, and the body as a
 * stream that must be closed (closing it gives the connection back).
 */
public record UpstreamAnswer(int statusCode, Map<String, List<String>> headers, InputStream body) {
    public Optional<String> firstHeader(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).findFirst();
    }
}
