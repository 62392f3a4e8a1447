package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Http;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The portal's sign-in over plain HTTP: the session cookie and its attributes, the CSRF token on
 * unsafe API calls, refusals in the API's error format, log out, and that neither the password nor
 * the session id reaches a log.
 */
class SessionE2EIT {
    private static final WharfApi API = new WharfApi(Stack.url(), Stack.adminPassword());
    private static final String CSRF = "X-Harbor-CSRF-Token";
    private static String user;
    private static String password;

    @BeforeAll
    static void arrange() {
        user = WharfApi.unique("sess");
        password = "Sx" + WharfApi.unique("pw") + "9";
        Http.Response r = Http.postJson(Stack.url() + "/api/v2.0/users", "{\"username\":\"" + user + "\",\"email\":\"" + user
                + "@example.com\",\"realname\":\"" + user + "\",\"password\":\"" + password + "\"}", API.adminAuth());
        assertEquals(201, r.status(), r.toString());
    }

    /** A signed-in browser, reduced to its two cookies. */
    record Session(String sid, String csrf) {
        String cookie() { return "sid=" + sid + "; __csrf=" + csrf; }
    }

    static Http.Response login(String principal, String secret, String... headers) {
        String[] all = Stream.concat(Stream.of("Content-Type", "application/x-www-form-urlencoded"), Stream.of(headers)).toArray(String[]::new);
        return Http.send("POST", Stack.url() + "/c/login", "principal=" + principal + "&password=" + secret, all);
    }

    static Session signIn() {
        Http.Response r = login(user, password);
        assertEquals(200, r.status(), r.toString());
        Map<String, String> cookies = Http.all(r, "Set-Cookie").stream()
                .collect(Collectors.toMap(c -> c.substring(0, c.indexOf('=')), c -> c));
        String sid = cookies.get("sid");
        String csrf = cookies.get("__csrf");
        assertTrue(sid.contains("HttpOnly") && sid.contains("SameSite=Strict") && sid.contains("Path=/"), sid);
        assertTrue(csrf.contains("SameSite=Strict") && !csrf.contains("HttpOnly"), csrf);
        return new Session(value(sid), value(csrf));
    }

    private static String value(String setCookie) {
        Matcher m = Pattern.compile("^[^=]+=([^;]*)").matcher(setCookie);
        assertTrue(m.find(), setCookie);
        return m.group(1);
    }

    @Test
    void aSessionSignsInApiCallsAndUnsafeOnesNeedTheCsrfToken() {
        Session s = signIn();
        Http.Response current = Http.get(Stack.url() + "/api/v2.0/users/current", "Cookie", s.cookie());
        assertEquals(200, current.status(), current.toString());
        assertEquals(user, current.json().getString("username"));
        assertEquals(s.csrf(), current.header(CSRF).orElse(null), "the page learns the token from API answers too");

        String project = WharfApi.unique("sess");
        String body = "{\"project_name\":\"" + project + "\"}";
        Http.Response noToken = Http.send("POST", Stack.url() + "/api/v2.0/projects", body,
                "Content-Type", "application/json", "Cookie", s.cookie());
        assertEquals(403, noToken.status(), noToken.toString());
        assertEquals("FORBIDDEN", noToken.errorCode());
        Http.Response wrongToken = Http.send("POST", Stack.url() + "/api/v2.0/projects", body,
                "Content-Type", "application/json", "Cookie", s.cookie(), CSRF, s.csrf() + "x");
        assertEquals(403, wrongToken.status(), wrongToken.toString());
        Http.Response withToken = Http.send("POST", Stack.url() + "/api/v2.0/projects", body,
                "Content-Type", "application/json", "Cookie", s.cookie(), CSRF, s.csrf());
        assertEquals(201, withToken.status(), withToken.toString());
        Http.Response scanOnPush = Http.send("PUT", Stack.url() + "/api/v2.0/projects/" + project, "{\"metadata\":{\"auto_scan\":\"true\"}}",
                "Content-Type", "application/json", "Cookie", s.cookie(), CSRF, s.csrf());
        assertEquals(200, scanOnPush.status(), scanOnPush.toString());
    }

    @Test
    void wrongPasswordIsRefusedInTheApiFormatWithoutABasicChallenge() {
        Http.Response r = login(user, password + "x");
        assertEquals(401, r.status(), r.toString());
        assertEquals("UNAUTHORIZED", r.errorCode());
        assertTrue(Http.all(r, "Set-Cookie").isEmpty(), "no cookie for a failed sign-in");
        assertTrue(r.header("WWW-Authenticate").isEmpty(), "a Basic challenge would pop up the browser's own dialog");

        Http.Response anonymous = Http.get(Stack.url() + "/api/v2.0/users/current", "X-Requested-With", "XMLHttpRequest");
        assertEquals(401, anonymous.status());
        assertTrue(anonymous.header("WWW-Authenticate").isEmpty(), anonymous.headers().toString());
        assertTrue(Http.get(Stack.url() + "/api/v2.0/users/current").header("WWW-Authenticate").isPresent(),
                "API clients still get the Basic challenge");
    }

    @Test
    void anotherSiteCannotSignTheBrowserIn() {
        Http.Response r = login(user, password, "Origin", "http://evil.example");
        assertEquals(403, r.status(), r.toString());
        assertTrue(Http.all(r, "Set-Cookie").isEmpty());
        assertEquals(200, login(user, password, "Origin", Stack.url()).status());
    }

    @Test
    void logOutEndsTheSessionAndBasicStillWins() {
        Session s = signIn();
        Http.Response basicWins = Http.get(Stack.url() + "/api/v2.0/users/current", "Cookie", s.cookie(),
                "Authorization", API.adminAuth());
        assertEquals("admin", basicWins.json().getString("username"));

        Http.Response out = Http.get(Stack.url() + "/c/log_out", "Cookie", s.cookie());
        assertEquals(200, out.status());
        assertTrue(Http.all(out, "Set-Cookie").stream().anyMatch(c -> c.startsWith("sid=;") && c.contains("Max-Age=0")),
                Http.all(out, "Set-Cookie").toString());
        assertEquals(401, Http.get(Stack.url() + "/api/v2.0/users/current", "Cookie", s.cookie()).status(),
                "the session must be gone on the server, not only in the browser");
    }

    @Test
    void aPasswordChangeEndsTheSession() {
        String other = API.createUser(WharfApi.unique("sesspw"));
        Http.Response r = login(other, WharfApi.PASSWORD);
        assertEquals(200, r.status());
        String cookie = Http.all(r, "Set-Cookie").stream().map(c -> c.substring(0, c.indexOf(';'))).collect(Collectors.joining("; "));
        long id = Http.get(Stack.url() + "/api/v2.0/users/current", "Cookie", cookie).json().getJsonNumber("user_id").longValue();
        Http.Response changed = Http.putJson(Stack.url() + "/api/v2.0/users/" + id + "/password",
                "{\"new_password\":\"Other1Passw0rd\"}", API.adminAuth());
        assertEquals(200, changed.status(), changed.toString());
        assertEquals(401, Http.get(Stack.url() + "/api/v2.0/users/current", "Cookie", cookie).status());
    }

    @Test
    void thePortalIsServedWithoutOutsideSources() {
        Http.Response page = Http.get(Stack.url() + "/");
        assertEquals(200, page.status());
        assertTrue(page.header("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.header("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        assertFalse(page.body().contains("http://") || page.body().contains("https://"), "the page names an outside source");
        Http.Response script = Http.get(Stack.url() + "/portal/js/app.js");
        assertEquals(200, script.status());
        assertTrue(script.header("Content-Type").orElse("").startsWith("text/javascript"));
        String etag = script.header("ETag").orElseThrow();
        assertEquals(304, Http.get(Stack.url() + "/portal/js/app.js", "If-None-Match", etag).status());
        assertEquals(404, Http.get(Stack.url() + "/portal/../WEB-INF/beans.xml").status());
        assertEquals(404, Http.get(Stack.url() + "/portal/js/missing.js").status());
    }

    @Test
    void neitherPasswordNorSessionIdIsLogged() throws IOException {
        Session s = signIn();
        Http.get(Stack.url() + "/api/v2.0/users/current", "Cookie", s.cookie());
        login(user, password + "-wrong");
        List<Path> logs;
        try (Stream<Path> files = Stream.concat(Files.walk(Stack.home().resolve("liberty/output")), Files.walk(Stack.home().resolve("logs")))) {
            logs = files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".log")).toList();
        }
        assertFalse(logs.isEmpty());
        for (Path log : logs) {
            String text = new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1);
            assertFalse(text.contains(password), "the password is in " + log);
            assertFalse(text.contains(s.sid()), "the session id is in " + log);
            assertFalse(text.contains(s.csrf()), "the CSRF token is in " + log);
        }
    }
}
