package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wharf.it.support.Http;
import io.wharf.it.support.Leaks;
import io.wharf.it.support.RawHttp;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random requests against the started stack: methods (known, unknown, WebDAV), paths under
 * every part of Wharf with odd segments (encoded dot segments, non-ASCII, overlong, control
 * characters, bad percent-encodings), query strings, credentials (none, the admin's, junk Bearer
 * tokens, malformed Basic) and bodies (JSON of wrong types and shapes, deep nesting, invalid UTF-8,
 * large). No answer may be a 5xx, carry a stack trace or a class name, or be the server's own HTML
 * error page (checked on error answers). Liberty's own module {@code /health} is included: its errors
 * carry the API's JSON text (server.xml); so are the OpenAPI document and its UI ({@code /openapi},
 * {@code /openapi/ui}), which Wharf serves itself.
 * The seed is printed; {@code -Dwharf.fuzz.seed=...} replays a run,
 * {@code -Dwharf.fuzz.requests=...} sets how many (default 3000).
 */
class FuzzE2EIT {
    private static final WharfApi API = new WharfApi(Stack.url(), Stack.adminPassword());
    private static final String[] METHODS = {"GET", "GET", "GET", "HEAD", "POST", "POST", "PUT", "PUT", "PATCH", "DELETE",
            "OPTIONS", "TRACE", "FOO", "PROPFIND", "MKCOL", "CONNECTX"};
    private static final String[] PREFIXES = {"/v2/", "/v2/fuzzp/app/", "/v2/fuzzp/app/manifests/", "/v2/fuzzp/app/blobs/",
            "/v2/fuzzp/app/blobs/uploads/", "/v2/_catalog", "/api/v2.0/projects/", "/api/v2.0/projects/fuzzp/",
            "/api/v2.0/projects/fuzzp/members/", "/api/v2.0/projects/fuzzp/repositories/", "/api/v2.0/users/",
            "/api/v2.0/users/1/", "/api/v2.0/audit-logs", "/api/v2.0/system/", "/api/v2.0/vulndb/", "/api/repositories/",
            "/api/jobs/scan/", "/api/v1/jobs/", "/service/token", "/service/notifications", "/service/notifications/jobs/scan/",
            "/c/", "/c/login", "/c/log_out", "/portal/", "/", "/nonexistent/", "/api/", "/service/",
            "/health", "/health/", "/health/ready/", "/openapi/ui/", "/api/v2.0/health", "/api/v2.0/search", "/api/v2.0/statistics",
            "/openapi", "/openapi/", "/openapi/ui"};
    private static final String[] SEGMENTS = {"", "x", "v1", "latest", "1", "0", "-1", "99999999999999999999", "%2e%2e", "%2E%2E",
            "..", ".", "%2e", "%252e%252e", "%c3%a9", "%ff", "%00", "%0a", "%zz", "%", "a%2fb", "tools%252Fgcc",
            "sha256:abc", "sha256:" + "0".repeat(64), "members", "sysadmin", "password", "scan", "log", "tags", "list",
            "artifacts", "repositories", "additions", "vulnerabilities", "_catalog", "uploads", "A".repeat(300), "%20",
            "'", "\"", "<script>", "${jndi:x}", "*", "~", "@", "+", ";", "=", "a..b"};
    private static final String[] QUERIES = {"", "?n=-1", "?n=abc", "?n=99999999999", "?page=0&page_size=-5", "?page=x",
            "?last=%ff", "?scope=repository:fuzzp/app:push,pull&service=wharf-registry", "?scope=%00", "?service=",
            "?q=name=~%2e%2e", "?with_scan_overview=maybe", "?digest=sha256:zz", "?mount=x&from=../y",
            "?project_name=" + "p".repeat(500), "?account=admin&client_id=docker&offline_token=true"};
    private static final String[] BODIES = {null, "", "null", "{}", "[]", "true", "1e999", "\"x\"", "{\"a\":", "not json",
            "{\"project_name\":1}", "{\"project_name\":\"fuzz\",\"metadata\":{\"public\":true}}",
            "{\"metadata\":{\"public\":\"maybe\"}}", "{\"sysadmin_flag\":\"yes\"}", "{\"sysadmin_flag\":1}",
            "{\"role_id\":99999999999999999999}", "{\"role_id\":\"1\"}", "{\"role_id\":1.5}",
            "{\"member_user\":{\"username\":[1]}}", "{\"cve_allowlist\":{\"items\":\"x\"}}",
            "{\"cve_allowlist\":{\"items\":[{\"cve_id\":null}],\"expires_at\":-1}}",
            "{\"schemaVersion\":2}", "{\"schemaVersion\":\"2\",\"mediaType\":1}", "{\"events\":\"x\"}",
            "{\"events\":[{\"id\":1,\"action\":[]}]}", "{\"job\":{\"name\":1}}", "{\"username\":\"\\u0000\",\"password\":1}",
            "principal=admin&password=", "grant_type=password&username=&password=", "grant_type=refresh_token&refresh_token=x.y.z"};
    private static final String[] TYPES = {null, "application/json", "application/json; charset=latin1", "text/plain",
            "application/x-www-form-urlencoded", "application/vnd.oci.image.manifest.v1+json", "application/octet-stream",
            "multipart/form-data; boundary=x", "*/*", "application/json;;;"};

    @Test
    void noRandomRequestGetsAServerErrorOrALeak() {
        long seed = Long.getLong("wharf.fuzz.seed", 20261207L);
        int count = Integer.getInteger("wharf.fuzz.requests", 3000);
        System.out.println("FuzzE2EIT seed " + seed + ", " + count + " requests (replay with -Dwharf.fuzz.seed=" + seed + ")");
        Http.Response project = Http.postJson(Stack.url() + "/api/v2.0/projects", "{\"project_name\":\"fuzzp\"}", API.adminAuth());
        if (project.status() != 201 && project.status() != 409) throw new AssertionError(project.toString());
        Random random = new Random(seed);
        String[] auths = {null, null, API.adminAuth(), "Bearer x.y.z", "Bearer " + "a".repeat(20000), "Basic !!!", "Basic "
                + java.util.Base64.getEncoder().encodeToString("nocolon".getBytes(StandardCharsets.UTF_8)), "Harbor-Secret wrong",
                "Negotiate abc", "Basic"};
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < count && failures.size() < 30; i++) {
            String method = pick(random, METHODS);
            StringBuilder path = new StringBuilder(pick(random, PREFIXES));
            int segments = random.nextInt(4);
            for (int s = 0; s < segments; s++) path.append(s == 0 && path.charAt(path.length() - 1) == '/' ? "" : "/").append(pick(random, SEGMENTS));
            path.append(pick(random, QUERIES));
            String body = pick(random, BODIES);
            if (random.nextInt(40) == 0) body = "{\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
            if (random.nextInt(60) == 0) body = "{\"comment\":\"" + "z".repeat(3 * 1024 * 1024) + "\"}";
            // "A client MUST NOT send content in a TRACE request" (RFC 9110, 9.3.8): the server may
            // refuse one and close before reading it, which the client sees as a broken pipe.
            if (method.equals("TRACE")) body = null;
            String type = pick(random, TYPES);
            String auth = pick(random, auths);
            List<String> headers = new ArrayList<>();
            if (type != null) headers.addAll(List.of("Content-Type", type));
            if (auth != null) headers.addAll(List.of("Authorization", auth));
            if (random.nextInt(8) == 0) headers.addAll(List.of("Origin", "http://evil.example"));
            if (random.nextInt(10) == 0) headers.addAll(List.of("Cookie", "sid=" + "A".repeat(43) + "; __csrf=x"));
            if (random.nextInt(10) == 0) headers.addAll(List.of("Accept", pick(random, TYPES) == null ? "text/html" : "application/xml"));
            byte[] target = path.toString().getBytes(StandardCharsets.ISO_8859_1);
            if (random.nextInt(25) == 0) target = (path + "\u00e9").getBytes(StandardCharsets.UTF_8);
            RawHttp.Answer a;
            try {
                a = sendOnce(method, target, body, headers);
            } catch (IllegalStateException e) {
                failures.add(i + " " + method + " " + path + ": no answer (" + e.getMessage() + ")");
                continue;
            }
            String request = i + " " + method + " " + new String(target, StandardCharsets.ISO_8859_1) + " body="
                    + (body == null ? "none" : body.length() > 80 ? body.substring(0, 80) + "..." : body);
            if (a.status() < 100 || a.status() >= 500) failures.add(request + " -> " + a.status() + " " + abbreviate(a.body()));
            boolean portalPage = a.status() == 200 && (path.toString().equals("/") || path.toString().startsWith("/portal/") || path.toString().startsWith("/?"));
            // Error answers are what the server writes itself; a 2xx body is an API's data.
            String leak = a.status() < 400 ? null : Leaks.in(a.head(), a.body(), portalPage);
            if (leak != null) failures.add(request + " -> " + a.status() + " " + leak + ": " + abbreviate(a.body()));
        }
        assertEquals(List.of(), failures, "seed " + seed);
    }

    private static String pick(Random random, String[] options) { return options[random.nextInt(options.length)]; }

    private static String abbreviate(String s) { return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "..." : s; }

    /**
     * One request; sent again once when the connection broke while the request was still being
     * written (the server may answer and close before it has read a body it refuses): the second
     * answer is the one checked, and a second broken connection is a failure.
     */
    private static RawHttp.Answer sendOnce(String method, byte[] target, String body, List<String> headers) {
        try {
            return RawHttp.send(null, method, target, body, headers.toArray(String[]::new));
        } catch (IllegalStateException e) {
            if (e.getMessage() == null || !(e.getMessage().contains("Broken pipe") || e.getMessage().contains("Connection reset"))) throw e;
            return RawHttp.send(null, method, target, body, headers.toArray(String[]::new));
        }
    }
}
