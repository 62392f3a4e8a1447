package io.wharf.registry;

import io.wharf.common.WharfException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes to the registry as Wharf itself, for the API's tag and copy operations: manifests put
 * under a tag or digest, blobs mounted from another repository, and small blobs (image configs)
 * read with a size cap.
 */
@ApplicationScoped
public class RegistryWrites {
    /** Image configs are small; anything larger is not read whole. */
    static final int MAX_CONFIG_BYTES = 4 * 1024 * 1024;
    /** Distribution's own limit on a manifest. */
    static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

    @Inject RegistryUpstream upstream;
    @Inject ServiceTokens tokens;
    @Inject ManifestCache cache;

    /** A manifest's bytes and media type, as the registry serves them. */
    public record RawManifest(byte[] body, String mediaType, String digest) {}

    public RawManifest manifest(String repository, String reference) {
        UpstreamAnswer a = call("GET", "/v2/" + repository + "/manifests/" + reference, token(repository, "pull"),
                Map.of("Accept", List.of(ManifestSummary.ACCEPT_ALL)), null);
        try (InputStream ignored = a.body()) {
            if (a.statusCode() == 404) throw WharfException.notFound("manifest " + repository + ":" + reference + " not found");
            byte[] body = read(a, MAX_MANIFEST_BYTES, repository + " manifest");
            check(a, 200, "reading the manifest of " + repository);
            return new RawManifest(body, a.firstHeader("Content-Type").orElse(ManifestSummary.OCI_MANIFEST),
                    a.firstHeader("Docker-Content-Digest").orElse(reference));
        } catch (IOException e) {
            throw closing(e);
        }
    }

    public void putManifest(String repository, String reference, RawManifest manifest) {
        cache.changed(repository);
        UpstreamAnswer a = call("PUT", "/v2/" + repository + "/manifests/" + reference, token(repository, "pull", "push"),
                Map.of("Content-Type", List.of(manifest.mediaType())), manifest.body());
        try (InputStream ignored = a.body()) {
            check(a, 201, "putting the manifest " + repository + ":" + reference);
        } catch (IOException e) {
            throw closing(e);
        } finally {
            cache.changed(repository);
        }
    }

    private static Map<String, List<String>> mountAccess(String repository, String from) {
        Map<String, List<String>> access = new java.util.LinkedHashMap<>();
        access.put(from, List.of("pull"));
        access.put(repository, List.of("pull", "push"));
        return access;
    }

    /** Makes the blob of {@code from} available in {@code repository} without copying its bytes (the registry's mount). */
    public void mountBlob(String repository, String from, String digest) {
        String token = tokens.repositoryToken(mountAccess(repository, from));
        String path = "/v2/" + repository + "/blobs/uploads/?mount=" + URLEncoder.encode(digest, StandardCharsets.UTF_8)
                + "&from=" + URLEncoder.encode(from, StandardCharsets.UTF_8);
        UpstreamAnswer a = call("POST", path, token, Map.of(), new byte[0]);
        try (InputStream ignored = a.body()) {
            if (a.statusCode() == 201) return;
            // 202: the registry started an upload instead (it did not find the blob to mount).
            throw new WharfException(500, "UNKNOWN", "the registry did not mount blob " + digest + " from " + from
                    + " into " + repository + " (answered " + a.statusCode() + ")");
        } catch (IOException e) {
            throw closing(e);
        }
    }

    /** A blob of at most {@value #MAX_CONFIG_BYTES} bytes, such as an image config. */
    public byte[] smallBlob(String repository, String digest) {
        UpstreamAnswer a = call("GET", "/v2/" + repository + "/blobs/" + digest, token(repository, "pull"), Map.of(), null);
        try (InputStream ignored = a.body()) {
            if (a.statusCode() == 404) throw WharfException.notFound("blob " + digest + " not found in " + repository);
            byte[] body = read(a, MAX_CONFIG_BYTES, "blob " + digest);
            check(a, 200, "reading blob " + digest);
            return body;
        } catch (IOException e) {
            throw closing(e);
        }
    }

    /**
     * Uploads {@code content} as one blob of {@code repository} (the registry's monolithic upload:
     * POST, then PUT with the digest and the bytes) unless the repository has it already.
     *
     * @return the blob's digest
     */
    public String pushBlob(String repository, byte[] content) {
        String digest = digestOf(content);
        String token = token(repository, "pull", "push");
        UpstreamAnswer head = call("HEAD", "/v2/" + repository + "/blobs/" + digest, token, Map.of(), null);
        try (InputStream ignored = head.body()) {
            if (head.statusCode() == 200) return digest;
        } catch (IOException e) {
            throw closing(e);
        }
        UpstreamAnswer started = call("POST", "/v2/" + repository + "/blobs/uploads/", token, Map.of(), new byte[0]);
        String location;
        try (InputStream ignored = started.body()) {
            check(started, 202, "starting an upload to " + repository);
            location = started.firstHeader("Location")
                    .orElseThrow(() -> new WharfException(502, "UNKNOWN", "the registry started an upload without a Location"));
        } catch (IOException e) {
            throw closing(e);
        }
        // The registry answers its own absolute URL or a path; the call goes to the registry either way.
        String path = location.startsWith("/") ? location : java.net.URI.create(location).getRawPath()
                + (java.net.URI.create(location).getRawQuery() == null ? "" : "?" + java.net.URI.create(location).getRawQuery());
        path += (path.contains("?") ? "&" : "?") + "digest=" + URLEncoder.encode(digest, StandardCharsets.UTF_8);
        UpstreamAnswer done = call("PUT", path, token, Map.of("Content-Type", List.of("application/octet-stream")), content);
        try (InputStream ignored = done.body()) {
            check(done, 201, "uploading blob " + digest + " to " + repository);
            return digest;
        } catch (IOException e) {
            throw closing(e);
        }
    }

    /** A blob of at most {@code max} bytes read whole (an SBOM document). */
    public byte[] blob(String repository, String digest, int max) {
        UpstreamAnswer a = call("GET", "/v2/" + repository + "/blobs/" + digest, token(repository, "pull"), Map.of(), null);
        try (InputStream ignored = a.body()) {
            if (a.statusCode() == 404) throw WharfException.notFound("blob " + digest + " not found in " + repository);
            byte[] body = read(a, max, "blob " + digest);
            check(a, 200, "reading blob " + digest);
            return body;
        } catch (IOException e) {
            throw closing(e);
        }
    }

    /** {@code sha256:<hex>} of the bytes, as the registry names them. */
    public static String digestOf(byte[] content) {
        try {
            return "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String token(String repository, String... actions) {
        return tokens.serviceToken("repository", repository, List.of(actions));
    }

    private UpstreamAnswer call(String method, String path, String token, Map<String, List<String>> headers, byte[] body) {
        Map<String, List<String>> all = new java.util.LinkedHashMap<>(headers);
        all.put("Authorization", List.of("Bearer " + token));
        try {
            return upstream.exchange(method, path, all, body == null ? null : new ByteArrayInputStream(body),
                    body == null ? 0 : body.length);
        } catch (IOException e) {
            throw WharfException.unavailable("the registry is not reachable: " + e.getMessage());
        }
    }

    private static WharfException closing(IOException e) {
        return WharfException.unavailable("the registry connection failed: " + e.getMessage());
    }

    private static byte[] read(UpstreamAnswer a, int max, String what) {
        try {
            byte[] bytes = a.body().readNBytes(max + 1);
            if (bytes.length > max) throw new WharfException(500, "UNKNOWN", what + " is larger than " + max + " bytes");
            return bytes;
        } catch (IOException e) {
            throw WharfException.unavailable("reading " + what + " from the registry failed: " + e.getMessage());
        }
    }

    private static void check(UpstreamAnswer a, int expected, String what) {
        if (a.statusCode() != expected) {
            throw new WharfException(502, "UNKNOWN", what + ": the registry answered " + a.statusCode());
        }
    }
}
