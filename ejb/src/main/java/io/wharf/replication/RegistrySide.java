package io.wharf.replication;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;

/**
 * One registry as replication reads and writes it, over the Distribution API: tags, manifests
 * (bounded in size), blobs as streams, chunked uploads that can be resumed, cross-repository
 * mounts and deletes. Authorization is asked of an {@link Authorizer}: Wharf's own registry gets a
 * service token, a remote one answers its challenge (Basic, or a Bearer token from its realm with
 * the credential of its endpoint).
 */
public final class RegistrySide {
    /** A manifest or index larger than this is refused rather than buffered. */
    static final int MAX_MANIFEST = 4 * 1024 * 1024;
    static final String ACCEPT = String.join(", ",
            "application/vnd.oci.image.index.v1+json", "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.v1+prettyjws", "application/vnd.oci.artifact.manifest.v1+json");
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>;\\s*rel=\"?next\"?");

    /** How a request to this registry is authorized. */
    public interface Authorizer {
        /** The header to send before any challenge (a service token for Wharf's registry), or null. */
        String before(String repository, boolean push, String... alsoPull);

        /** The header answering a 401's challenge, or null when there is none to give. */
        String answer(String challenge, String repository, boolean push, CloseableHttpClient client) throws IOException;
    }

    /** A manifest as read: its bytes, media type and digest. */
    public record Manifest(byte[] body, String mediaType, String digest) {}

    /** The state of an upload: where to send the next bytes and how many the registry has. */
    public record Upload(String location, long offset) {}

    private final CloseableHttpClient client;
    private final String baseUrl;
    private final Authorizer authorizer;
    private final Map<String, String> authByScope = new HashMap<>();
    /** Basic credentials for Harbor's API ({@code /api/v2.0}), when the registry has it; else null. */
    private final String harborApiAuth;
    private final boolean harborApi;

    public RegistrySide(CloseableHttpClient client, String baseUrl, Authorizer authorizer) {
        this(client, baseUrl, authorizer, false, null);
    }

    /**
     * A registry that also has Harbor's API (Harbor, another Wharf): its repositories are listed
     * through {@code GET /api/v2.0/repositories}, since Harbor keeps {@code /v2/_catalog} for system
     * administrators and a replication credential is usually a project's robot account.
     */
    public RegistrySide(CloseableHttpClient client, String baseUrl, Authorizer authorizer, boolean harborApi, String basicAuth) {
        this.client = client;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.authorizer = authorizer;
        this.harborApi = harborApi;
        this.harborApiAuth = basicAuth;
    }

    public String baseUrl() { return baseUrl; }

    /** Every repository the registry lists ({@code /v2/_catalog}, page by page). */
    public List<String> repositories() throws IOException {
        if (harborApi) return harborRepositories();
        return paged(baseUrl + "/v2/_catalog?n=1000", "", false, "repositories");
    }

    /** Harbor's {@code GET /api/v2.0/repositories}, page by page: the repositories the credential may see. */
    private List<String> harborRepositories() throws IOException {
        List<String> out = new ArrayList<>();
        int pageSize = 100;
        for (int page = 1; page <= 10_000; page++) {
            String url = baseUrl + "/api/v2.0/repositories?page=" + page + "&page_size=" + pageSize;
            ClassicHttpRequest get = ClassicRequestBuilder.get(url).addHeader("Accept", "application/json").build();
            Result r = exchange(get, harborApiAuth, MAX_MANIFEST);
            r.require(200, "list the repositories (Harbor API)");
            int count;
            try (JsonReader reader = Json.createReader(new StringReader(r.text()))) {
                JsonArray a = reader.readArray();
                count = a.size();
                for (JsonValue v : a) {
                    if (v instanceof JsonObject o && o.get("name") instanceof jakarta.json.JsonString n) out.add(n.getString());
                }
            } catch (RuntimeException e) {
                throw new IOException("the registry's repository list (Harbor API) is not a JSON array");
            }
            if (count < pageSize) break;
        }
        return out;
    }

    /** Every tag of a repository; none when the repository does not exist. */
    public List<String> tags(String repository) throws IOException {
        return paged(baseUrl + "/v2/" + repository + "/tags/list?n=1000", repository, false, "tags");
    }

    private List<String> paged(String first, String repository, boolean push, String field) throws IOException {
        List<String> out = new ArrayList<>();
        String next = first;
        for (int page = 0; next != null && page < 10_000; page++) {
            String url = next;
            Result r = send(() -> ClassicRequestBuilder.get(url).build(), repository, push, MAX_MANIFEST);
            if (r.status == 404) return out;
            r.require(200, "list " + field + (repository.isEmpty() ? "" : " of " + repository));
            try (JsonReader reader = Json.createReader(new StringReader(r.text()))) {
                JsonObject o = reader.readObject();
                JsonValue v = o.get(field);
                if (v instanceof JsonArray a) a.getValuesAs(jakarta.json.JsonString.class).forEach(s -> out.add(s.getString()));
            } catch (RuntimeException e) {
                throw new IOException("the registry's " + field + " list is not JSON");
            }
            next = r.header("Link").map(NEXT_LINK::matcher).filter(Matcher::find)
                    .map(m -> URI.create(baseUrl + "/").resolve(m.group(1)).toString()).orElse(null);
        }
        return out;
    }

    /** The manifest of a tag or digest, or empty when the registry has none. */
    public Optional<Manifest> manifest(String repository, String reference) throws IOException {
        Result r = send(() -> ClassicRequestBuilder.get(baseUrl + "/v2/" + repository + "/manifests/" + reference)
                .addHeader("Accept", ACCEPT).build(), repository, false, MAX_MANIFEST);
        if (r.status == 404) return Optional.empty();
        r.require(200, "read manifest " + repository + ":" + reference);
        if (r.truncated) throw new IOException("manifest " + repository + ":" + reference + " is larger than " + MAX_MANIFEST + " bytes");
        String digest = r.header("Docker-Content-Digest").orElseGet(() -> Digests.sha256(r.body));
        String type = r.header("Content-Type").map(t -> t.split(";")[0].strip()).orElse(null);
        return Optional.of(new Manifest(r.body, type, digest));
    }

    /** The digests of manifests naming this one as subject (OCI referrers API); none when the registry lacks the API. */
    public List<String> referrers(String repository, String digest) throws IOException {
        Result r = send(() -> ClassicRequestBuilder.get(baseUrl + "/v2/" + repository + "/referrers/" + digest)
                .addHeader("Accept", "application/vnd.oci.image.index.v1+json").build(), repository, false, MAX_MANIFEST);
        if (r.status != 200) return List.of();
        List<String> out = new ArrayList<>();
        try (JsonReader reader = Json.createReader(new StringReader(r.text()))) {
            if (reader.readObject().get("manifests") instanceof JsonArray a) {
                for (JsonObject m : a.getValuesAs(JsonObject.class)) {
                    if (m.getString("digest", null) != null) out.add(m.getString("digest"));
                }
            }
        } catch (RuntimeException e) {
            return List.of();
        }
        return out;
    }

    /** The digest a tag or digest resolves to (HEAD), or empty when it does not exist. */
    public Optional<String> manifestDigest(String repository, String reference) throws IOException {
        Result r = send(() -> ClassicRequestBuilder.head(baseUrl + "/v2/" + repository + "/manifests/" + reference)
                .addHeader("Accept", ACCEPT).build(), repository, false, 0);
        if (r.status == 404) return Optional.empty();
        r.require(200, "check manifest " + repository + ":" + reference);
        return r.header("Docker-Content-Digest");
    }

    public void putManifest(String repository, String reference, Manifest m) throws IOException {
        Result r = send(() -> ClassicRequestBuilder.put(baseUrl + "/v2/" + repository + "/manifests/" + reference)
                .setEntity(new ByteArrayEntity(m.body(), ContentType.parse(m.mediaType()))).build(), repository, true, 64 * 1024);
        r.require(201, "push manifest " + repository + ":" + reference);
    }

    /** Deletes a manifest by digest; false when the registry did not have it. */
    public boolean deleteManifest(String repository, String digest) throws IOException {
        Result r = send(() -> ClassicRequestBuilder.delete(baseUrl + "/v2/" + repository + "/manifests/" + digest).build(),
                repository, true, 64 * 1024);
        if (r.status == 404) return false;
        r.require(202, "delete manifest " + repository + "@" + digest);
        return true;
    }

    /** What deleting a tag at a registry did. */
    public enum TagDelete { DELETED, ABSENT, MANIFEST_DELETED }

    /**
     * Deletes a tag. A registry that untags (Wharf, Harbor, Distribution 3) is asked directly;
     * Distribution 2.8 cannot untag (it answers 400 DIGEST_INVALID), so there the manifest is
     * deleted by digest when no other tag points at it, and the delete is refused otherwise
     * rather than taking other tags with it.
     */
    public TagDelete deleteTag(String repository, String tag) throws IOException {
        Result r = send(() -> ClassicRequestBuilder.delete(baseUrl + "/v2/" + repository + "/manifests/" + tag).build(),
                repository, true, 64 * 1024);
        if (r.status == 202 || r.status == 200 || r.status == 204) return TagDelete.DELETED;
        if (r.status == 404) return TagDelete.ABSENT;
        if (r.status != 400 && r.status != 405) r.require(202, "delete tag " + repository + ":" + tag);
        Optional<String> digest = manifestDigest(repository, tag);
        if (digest.isEmpty()) return TagDelete.ABSENT;
        List<String> others = new ArrayList<>();
        for (String other : tags(repository)) {
            if (!other.equals(tag) && digest.equals(manifestDigest(repository, other))) {
                others.add(other);
                break;
            }
        }
        if (!others.isEmpty()) {
            throw new IOException("the destination cannot delete a tag alone and " + repository + ":" + others.get(0)
                    + " is the same manifest (" + digest.get() + "): left as it is");
        }
        deleteManifest(repository, digest.get());
        return TagDelete.MANIFEST_DELETED;
    }

    /** Whether the registry has this blob in this repository (HEAD). */
    public boolean hasBlob(String repository, String digest) throws IOException {
        Result r = send(() -> ClassicRequestBuilder.head(baseUrl + "/v2/" + repository + "/blobs/" + digest).build(),
                repository, false, 0);
        if (r.status == 404) return false;
        r.require(200, "check blob " + digest);
        return true;
    }

    /**
     * Opens a blob's content from {@code offset} on. The caller closes the stream, which gives the
     * connection back. A redirect (to the registry's storage) is followed without credentials.
     */
    public InputStream openBlob(String repository, String digest, long offset) throws IOException {
        String url = baseUrl + "/v2/" + repository + "/blobs/" + digest;
        for (int hop = 0; hop < 4; hop++) {
            String target = url;
            boolean own = hop == 0;
            ClassicHttpResponse response = open(() -> {
                ClassicRequestBuilder b = ClassicRequestBuilder.get(target);
                if (offset > 0) b.addHeader("Range", "bytes=" + offset + "-");
                return b.build();
            }, own ? repository : null, false);
            int status = response.getCode();
            Header location = response.getFirstHeader("Location");
            if ((status == 307 || status == 302 || status == 301 || status == 303 || status == 308) && location != null) {
                EntityUtils.consumeQuietly(response.getEntity());
                response.close();
                url = URI.create(target).resolve(location.getValue()).toString();
                continue;
            }
            if ((offset > 0 && status == 206) || (offset == 0 && status == 200)) {
                HttpEntity entity = response.getEntity();
                return new java.io.FilterInputStream(entity.getContent()) {
                    @Override public void close() throws IOException {
                        try {
                            super.close();
                        } finally {
                            response.close();
                        }
                    }
                };
            }
            EntityUtils.consumeQuietly(response.getEntity());
            response.close();
            throw new IOException("read blob " + digest + " from " + offset + ": HTTP " + status);
        }
        throw new IOException("read blob " + digest + ": too many redirects");
    }

    /**
     * Mounts a blob from another repository of this registry. True when the registry mounted it;
     * false when it started an upload instead (which is cancelled).
     */
    public boolean mount(String repository, String digest, String from) throws IOException {
        String url = baseUrl + "/v2/" + repository + "/blobs/uploads/?mount=" + enc(digest) + "&from=" + enc(from);
        Result r = send(() -> ClassicRequestBuilder.post(url).build(), repository, true, 64 * 1024, from);
        if (r.status == 201) return true;
        if (r.status == 202) {
            r.header("Location").ifPresent(l -> cancel(repository, l));
            return false;
        }
        return false;
    }

    public Upload startUpload(String repository) throws IOException {
        Result r = send(() -> ClassicRequestBuilder.post(baseUrl + "/v2/" + repository + "/blobs/uploads/").build(),
                repository, true, 64 * 1024);
        r.require(202, "start an upload to " + repository);
        return new Upload(location(r), 0);
    }

    /** Sends the next chunk of an upload; the answer says where the next one goes. */
    public Upload patch(String repository, Upload upload, InputStream chunk, long length) throws IOException {
        long end = upload.offset() + length - 1;
        Result r = sendOnce(() -> ClassicRequestBuilder.patch(upload.location())
                .addHeader("Content-Range", upload.offset() + "-" + end)
                .setEntity(new ChunkBody(chunk, length)).build(), repository, true);
        r.require(202, "upload a chunk to " + repository);
        return new Upload(location(r), rangeEnd(r).map(e -> e + 1).orElse(end + 1));
    }

    /** Asks where an interrupted upload stands: how many bytes the registry kept. Empty when it is gone. */
    public Optional<Upload> status(String repository, Upload upload) throws IOException {
        Result r = send(() -> ClassicRequestBuilder.get(upload.location()).build(), repository, true, 64 * 1024);
        if (r.status != 204) return Optional.empty();
        return Optional.of(new Upload(location(r), rangeEnd(r).map(e -> e + 1).orElse(0L)));
    }

    public void finish(String repository, Upload upload, String digest) throws IOException {
        String sep = upload.location().contains("?") ? "&" : "?";
        Result r = send(() -> ClassicRequestBuilder.put(upload.location() + sep + "digest=" + enc(digest)).build(),
                repository, true, 64 * 1024);
        r.require(201, "finish the upload of " + digest);
    }

    private void cancel(String repository, String location) {
        try {
            String url = URI.create(baseUrl + "/").resolve(location).toString();
            send(() -> ClassicRequestBuilder.delete(url).build(), repository, true, 0);
        } catch (IOException ignored) {
            // an abandoned upload is purged by the registry
        }
    }

    private String location(Result r) throws IOException {
        String l = r.header("Location").orElseThrow(() -> new IOException("the registry's upload answer has no Location"));
        return URI.create(baseUrl + "/").resolve(l).toString();
    }

    private static Optional<Long> rangeEnd(Result r) {
        // Distribution answers "0-0" for an upload that has no bytes yet, as for one byte: read as none.
        return r.header("Range").filter(v -> !v.strip().equals("0-0") && !v.strip().equals("bytes=0-0"))
                .map(v -> v.substring(v.lastIndexOf('-') + 1).strip()).flatMap(v -> {
            try {
                return Optional.of(Long.parseLong(v));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

    // ---- requests with authorization ----

    private interface RequestMaker {
        ClassicHttpRequest make() throws IOException;
    }

    /** An answer read whole (up to a cap). */
    private record Result(int status, Map<String, String> headers, byte[] body, boolean truncated) {
        Optional<String> header(String name) { return Optional.ofNullable(headers.get(name.toLowerCase())); }
        String text() { return new String(body, StandardCharsets.UTF_8); }

        void require(int expected, String what) throws IOException {
            if (status == expected) return;
            String detail = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
            throw new IOException(what + ": HTTP " + status + (detail.isBlank() ? "" : " " + detail));
        }
    }

    private Result send(RequestMaker maker, String repository, boolean push, int cap, String... alsoPull) throws IOException {
        String key = scopeKey(repository, push, alsoPull);
        String auth = authorization(key, () -> authorizer.before(repository, push, alsoPull));
        Result r = exchange(maker.make(), auth, cap);
        if (r.status != 401) return r;
        String challenge = r.header("WWW-Authenticate").orElse(null);
        if (challenge == null) return r;
        String answer = authorizer.answer(challenge, repository, push, client);
        if (answer == null) return r;
        authByScope.put(key, answer);
        return exchange(maker.make(), answer, cap);
    }

    /** For bodies that can be sent once only: authorization is settled first with an empty request. */
    private Result sendOnce(RequestMaker maker, String repository, boolean push) throws IOException {
        String key = scopeKey(repository, push);
        if (!authByScope.containsKey(key)) {
            // Learn the challenge with a harmless request in the same scope.
            send(() -> ClassicRequestBuilder.head(baseUrl + "/v2/" + repository + "/blobs/sha256:"
                    + "0".repeat(64)).build(), repository, push, 0);
        }
        return exchange(maker.make(), authByScope.get(key), 64 * 1024);
    }

    /** The header known for a scope (null, once known, means none is needed). */
    private String authorization(String key, java.util.function.Supplier<String> first) {
        if (!authByScope.containsKey(key)) authByScope.put(key, first.get());
        return authByScope.get(key);
    }

    private static String scopeKey(String repository, boolean push, String... alsoPull) {
        return (repository == null ? "" : repository) + (push ? ":push" : ":pull") + String.join(",", alsoPull);
    }

    private Result exchange(ClassicHttpRequest request, String authorization, int cap) throws IOException {
        if (authorization != null) request.setHeader("Authorization", authorization);
        return client.execute(request, response -> {
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header h : response.getHeaders()) headers.putIfAbsent(h.getName().toLowerCase(), h.getValue());
            byte[] body = new byte[0];
            boolean truncated = false;
            HttpEntity entity = response.getEntity();
            if (entity != null && cap > 0) {
                try (InputStream in = entity.getContent()) {
                    body = in.readNBytes(cap);
                    truncated = in.read() >= 0;
                }
            }
            EntityUtils.consumeQuietly(entity);
            return new Result(response.getCode(), headers, body, truncated);
        });
    }

    private ClassicHttpResponse open(RequestMaker maker, String repository, boolean push) throws IOException {
        String key = scopeKey(repository, push);
        String auth = repository == null ? null : authorization(key, () -> authorizer.before(repository, push));
        ClassicHttpRequest request = maker.make();
        if (auth != null) request.setHeader("Authorization", auth);
        ClassicHttpResponse response = client.executeOpen(null, request, null);
        if (response.getCode() != 401 || repository == null) return response;
        Header challenge = response.getFirstHeader("WWW-Authenticate");
        EntityUtils.consumeQuietly(response.getEntity());
        response.close();
        String answer = challenge == null ? null : authorizer.answer(challenge.getValue(), repository, push, client);
        if (answer == null) throw new IOException("the registry refused the credentials (HTTP 401)");
        authByScope.put(key, answer);
        ClassicHttpRequest again = maker.make();
        again.setHeader("Authorization", answer);
        return client.executeOpen(null, again, null);
    }

    // ---- a remote registry's challenge ----

    /** Answers Basic and Bearer challenges with a user name and password (either may be null: anonymous). */
    public static Authorizer challenged(String username, String password) {
        return new Authorizer() {
            @Override public String before(String repository, boolean push, String... alsoPull) { return null; }

            @Override
            public String answer(String challenge, String repository, boolean push, CloseableHttpClient client) throws IOException {
                if (challenge.regionMatches(true, 0, "Basic", 0, 5)) return username == null ? null : basic(username, password);
                if (!challenge.regionMatches(true, 0, "Bearer", 0, 6)) return null;
                Map<String, String> p = new LinkedHashMap<>();
                Matcher m = CHALLENGE_PARAM.matcher(challenge);
                while (m.find()) p.put(m.group(1).toLowerCase(), m.group(2));
                String realm = p.get("realm");
                if (realm == null) return null;
                URI realmUri = URI.create(realm);
                if (!"https".equals(realmUri.getScheme()) && !"http".equals(realmUri.getScheme())) return null;
                StringBuilder url = new StringBuilder(realm);
                char sep = realm.contains("?") ? '&' : '?';
                if (p.get("service") != null) {
                    url.append(sep).append("service=").append(enc(p.get("service")));
                    sep = '&';
                }
                String scope = p.get("scope");
                if (scope == null && repository != null && !repository.isEmpty()) {
                    scope = "repository:" + repository + ":" + (push ? "pull,push" : "pull");
                }
                if (scope != null) url.append(sep).append("scope=").append(enc(scope));
                var get = ClassicRequestBuilder.get(url.toString());
                if (username != null) get.addHeader("Authorization", basic(username, password));
                String token = client.execute(get.build(), response -> {
                    if (response.getCode() != 200 || response.getEntity() == null) {
                        EntityUtils.consumeQuietly(response.getEntity());
                        return null;
                    }
                    try (InputStream in = response.getEntity().getContent();
                         JsonReader r = Json.createReader(new ByteArrayInputStream(in.readNBytes(64 * 1024)))) {
                        JsonObject o = r.readObject();
                        return o.getString("token", o.getString("access_token", null));
                    } catch (RuntimeException e) {
                        return null;
                    }
                });
                return token == null ? null : "Bearer " + token;
            }
        };
    }

    static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + (password == null ? "" : password))
                .getBytes(StandardCharsets.UTF_8));
    }
}
