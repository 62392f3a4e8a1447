package io.wharf.upstream;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * One registry outside Wharf as a Distribution client sees it: {@code /v2/} answered directly, or
 * after the registry's challenge (Basic, or a Bearer token from its token service, asked with the
 * endpoint's credential when it has one). What it says about a failure never includes the secret.
 */
public final class RemoteRegistry {
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final int MAX_TOKEN_ANSWER = 64 * 1024;

    private final CloseableHttpClient client;
    private final String baseUrl;
    private final String username;
    private final String password;

    public RemoteRegistry(CloseableHttpClient client, String baseUrl, String username, String password) {
        this.client = client;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.username = username;
        this.password = password;
    }

    /** What a ping found: healthy, or why not in words a user can act on. */
    public record Health(boolean healthy, String reason) {
        static Health ok() { return new Health(true, null); }
        static Health down(String why) { return new Health(false, why); }
    }

    public Health ping() {
        try {
            Answer first = get(baseUrl + "/v2/", null);
            if (first.status == 200) return Health.ok();
            if (first.status != 401) return Health.down(baseUrl + "/v2/ answered HTTP " + first.status + ": not a registry API");
            String challenge = first.challenge == null ? "" : first.challenge;
            String authorization;
            if (challenge.regionMatches(true, 0, "Basic", 0, 5)) {
                if (username == null) return Health.down("the registry asks for credentials and none are set");
                authorization = basic();
            } else if (challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
                String token = token(params(challenge));
                if (token == null) return Health.down("the registry's token service refused the credentials");
                authorization = "Bearer " + token;
            } else {
                return Health.down("the registry answered 401 without a challenge Wharf understands");
            }
            Answer second = get(baseUrl + "/v2/", authorization);
            if (second.status == 200) return Health.ok();
            return Health.down(second.status == 401 || second.status == 403
                    ? "the registry refused the credentials" : "the registry answered HTTP " + second.status);
        } catch (IOException e) {
            return Health.down("cannot reach " + baseUrl + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (IllegalArgumentException e) {
            return Health.down(e.getMessage());
        }
    }

    private String token(Map<String, String> challenge) throws IOException {
        String realm = challenge.get("realm");
        if (realm == null) throw new IllegalArgumentException("the registry's Bearer challenge names no realm");
        URI realmUri = URI.create(realm);
        if (!"https".equals(realmUri.getScheme()) && !"http".equals(realmUri.getScheme())) {
            throw new IllegalArgumentException("the registry's token realm is not an HTTP URL");
        }
        StringBuilder url = new StringBuilder(realm);
        char sep = realm.contains("?") ? '&' : '?';
        if (challenge.get("service") != null) {
            url.append(sep).append("service=").append(URLEncoder.encode(challenge.get("service"), StandardCharsets.UTF_8));
        }
        Answer answer = get(url.toString(), username == null ? null : basic());
        if (answer.status != 200 || answer.body == null) return null;
        try (JsonReader r = Json.createReader(new java.io.StringReader(answer.body))) {
            JsonObject o = r.readObject();
            return o.getString("token", o.getString("access_token", null));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + (password == null ? "" : password))
                .getBytes(StandardCharsets.UTF_8));
    }

    private record Answer(int status, String challenge, String body) {}

    private Answer get(String url, String authorization) throws IOException {
        HttpGet get = new HttpGet(url);
        if (authorization != null) get.setHeader("Authorization", authorization);
        return client.execute(get, (ClassicHttpResponse response) -> {
            Header challenge = response.getFirstHeader("WWW-Authenticate");
            HttpEntity entity = response.getEntity();
            String body = null;
            if (entity != null && response.getCode() == 200) {
                try (InputStream in = entity.getContent()) {
                    byte[] bytes = in.readNBytes(MAX_TOKEN_ANSWER);
                    body = new String(bytes, StandardCharsets.UTF_8);
                }
            }
            EntityUtils.consumeQuietly(entity);
            return new Answer(response.getCode(), challenge == null ? null : challenge.getValue(), body);
        });
    }

    static Map<String, String> params(String challenge) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = CHALLENGE_PARAM.matcher(challenge);
        while (m.find()) out.put(m.group(1).toLowerCase(), m.group(2));
        return out;
    }
}
