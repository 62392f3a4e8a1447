package io.wharf.proxy;

import io.wharf.registry.RegistryUpstream;
import io.wharf.registry.ServiceTokens;
import io.wharf.registry.UpstreamAnswer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Wharf's own registry as the proxy cache writes to it: with a service token, straight to the
 * registry (not through the gateway, which refuses pushes to proxy projects).
 */
@ApplicationScoped
public class LocalRegistry {
    @Inject RegistryUpstream registry;
    @Inject ServiceTokens tokens;

    public boolean hasBlob(String repository, String digest) throws IOException {
        return head(repository, "/blobs/" + digest, List.of()) == 200;
    }

    public boolean hasManifest(String repository, String reference, List<String> accept) throws IOException {
        return head(repository, "/manifests/" + reference, accept) == 200;
    }

    private int head(String repository, String path, List<String> accept) throws IOException {
        UpstreamAnswer a = registry.exchange("HEAD", "/v2/" + repository + path, headers(repository, "pull", accept), null, 0);
        a.body().close();
        return a.statusCode();
    }

    /** Stores a blob read in full (its digest checked) into the repository: one monolithic upload. */
    public void putBlob(String repository, String digest, Path file) throws IOException {
        UpstreamAnswer started = registry.exchange("POST", "/v2/" + repository + "/blobs/uploads/",
                headers(repository, "push", List.of()), null, 0);
        started.body().close();
        String location = started.firstHeader("Location").orElse(null);
        if (started.statusCode() != 202 || location == null) {
            throw new IOException("the registry did not start an upload: HTTP " + started.statusCode());
        }
        String base = registry.baseUrl();
        String path = location.startsWith(base) ? location.substring(base.length()) : location;
        path += (path.contains("?") ? "&" : "?") + "digest=" + URLEncoder.encode(digest, StandardCharsets.UTF_8);
        try (InputStream in = Files.newInputStream(file)) {
            UpstreamAnswer done = registry.exchange("PUT", path, headers(repository, "push",
                    List.of()), in, Files.size(file));
            done.body().close();
            if (done.statusCode() != 201) throw new IOException("the registry refused the blob: HTTP " + done.statusCode());
        }
    }

    /** PUTs a manifest; the registry's status (201 stored, 400 when blobs it references are missing). */
    public UpstreamAnswer putManifest(String repository, String reference, byte[] body, String mediaType) throws IOException {
        Map<String, List<String>> h = new java.util.HashMap<>(headers(repository, "push", List.of()));
        h.put("Content-Type", List.of(mediaType));
        UpstreamAnswer a = registry.exchange("PUT", "/v2/" + repository + "/manifests/" + reference, h,
                new java.io.ByteArrayInputStream(body), body.length);
        a.body().close();
        return a;
    }

    private Map<String, List<String>> headers(String repository, String action, List<String> accept) {
        List<String> actions = action.equals("push") ? List.of("pull", "push") : List.of("pull");
        Map<String, List<String>> h = new java.util.HashMap<>();
        h.put("Authorization", List.of("Bearer " + tokens.serviceToken("repository", repository, actions)));
        if (!accept.isEmpty()) h.put("Accept", accept);
        return h;
    }
}
