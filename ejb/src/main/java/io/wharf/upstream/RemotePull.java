package io.wharf.upstream;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;

/**
 * Reads from one remote registry as {@code docker pull} does: a request is sent, and when the
 * registry challenges it (401) the answer is earned once, with Basic credentials or a Bearer token
 * for {@code repository:<name>:pull} from the registry's token service, and the request is sent
 * again. Tokens are kept per repository until shortly before they expire, so a pull of many blobs
 * asks the token service once. Answers are streams: bodies of any size pass through unbuffered.
 */
public final class RemotePull {
    private static final int MAX_TOKEN_ANSWER = 64 * 1024;
    /** A token is renewed this many seconds before the registry said it expires. */
    private static final long EXPIRY_MARGIN_S = 10;

    private final CloseableHttpClient client;
    private final String baseUrl;
    private final String username;
    private final String password;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    private record Token(String authorization, Instant until) {}

    /** The remote's answer: status, headers and a body stream that must be closed. */
    public record Answer(int status, Map<String, List<String>> headers, InputStream body) implements AutoCloseable {
        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }

        @Override public void close() throws IOException { body.close(); }
    }

    RemotePull(CloseableHttpClient client, String baseUrl, String username, String password) {
        this.client = client;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.username = username;
        this.password = password;
    }

    public String baseUrl() { return baseUrl; }

    /**
     * {@code method} (GET or HEAD) on {@code /v2/<repository>/<section>/<reference>} of the remote.
     * A 401 after the challenge was answered is returned as it is.
     */
    public Answer read(String method, String repository, String section, String reference, List<String> accept) throws IOException {
        String url = baseUrl + "/v2/" + repository + "/" + section + "/" + reference;
        Token known = tokens.get(repository);
        String authorization = known != null && known.until().isAfter(Instant.now()) ? known.authorization() : null;
        Answer first = send(method, url, authorization, accept);
        if (first.status() != 401) return first;
        String challenge = first.header("WWW-Authenticate").orElse("");
        first.close();
        authorization = authorize(challenge, repository);
        if (authorization == null) return new Answer(401, Map.of(), InputStream.nullInputStream());
        return send(method, url, authorization, accept);
    }

    private String authorize(String challenge, String repository) throws IOException {
        if (challenge.regionMatches(true, 0, "Basic", 0, 5)) {
            if (username == null) return null;
            String basic = basic();
            tokens.put(repository, new Token(basic, Instant.now().plusSeconds(3600)));
            return basic;
        }
        if (!challenge.regionMatches(true, 0, "Bearer", 0, 6)) return null;
        Map<String, String> params = RemoteRegistry.params(challenge);
        String realm = params.get("realm");
        if (realm == null) return null;
        URI realmUri = URI.create(realm);
        if (!"https".equals(realmUri.getScheme()) && !"http".equals(realmUri.getScheme())) return null;
        StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?')
                .append("scope=").append(URLEncoder.encode("repository:" + repository + ":pull", StandardCharsets.UTF_8));
        if (params.get("service") != null) {
            url.append("&service=").append(URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8));
        }
        try (Answer answer = send("GET", url.toString(), username == null ? null : basic(), List.of())) {
            if (answer.status() != 200) return null;
            String body = new String(answer.body().readNBytes(MAX_TOKEN_ANSWER), StandardCharsets.UTF_8);
            try (JsonReader r = Json.createReader(new StringReader(body))) {
                JsonObject o = r.readObject();
                String token = o.getString("token", o.getString("access_token", null));
                if (token == null) return null;
                long lifetime = o.getJsonNumber("expires_in") == null ? 60 : o.getJsonNumber("expires_in").longValue();
                String bearer = "Bearer " + token;
                tokens.put(repository, new Token(bearer, Instant.now().plusSeconds(Math.max(0, lifetime - EXPIRY_MARGIN_S))));
                return bearer;
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    private String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + (password == null ? "" : password))
                .getBytes(StandardCharsets.UTF_8));
    }

    private Answer send(String method, String url, String authorization, List<String> accept) throws IOException {
        ClassicRequestBuilder request = ClassicRequestBuilder.create(method).setUri(url);
        if (authorization != null) request.addHeader("Authorization", authorization);
        accept.forEach(a -> request.addHeader("Accept", a));
        ClassicHttpResponse response = client.executeOpen(null, request.build(), null);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header h : response.getHeaders()) headers.computeIfAbsent(h.getName(), k -> new ArrayList<>()).add(h.getValue());
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            response.close();
            return new Answer(response.getCode(), headers, InputStream.nullInputStream());
        }
        InputStream body = new FilterInputStream(entity.getContent()) {
            @Override public void close() throws IOException {
                // closing the response also gives back a connection whose body was not read to the end
                response.close();
            }
        };
        return new Answer(response.getCode(), headers, body);
    }
}
