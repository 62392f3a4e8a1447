package io.wharf.it.arquillian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Http;
import io.wharf.it.support.WharfApi;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** /service/token: what Docker clients and OAuth2 clients get for which credentials. */
@ExtendWith(ArquillianExtension.class)
class TokenResourceIT {
    @Deployment(testable = false)
    static EnterpriseArchive deployment() { return WharfDeployment.ear(); }

    private WharfApi api;
    private String user;
    private String project;

    @BeforeEach
    void arrange() {
        api = WharfDeployment.api();
        user = api.createUser(WharfApi.unique("tok"));
        project = api.createProject(WharfApi.unique("tok"), false);
        api.addMember(project, user, 3);
    }

    private static String q(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

    private static JsonObject claims(String jwt) {
        String json = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return Json.createReader(new StringReader(json)).readObject();
    }

    @Test
    void guestAskingForPushAndPullGetsPullOnly() {
        Http.Response r = Http.get(WharfDeployment.url() + "/service/token?service=wharf-registry&client_id=docker&scope="
                + q("repository:" + project + "/app:push,pull"), "Authorization", Http.basic(user, WharfApi.PASSWORD));
        assertEquals(200, r.status(), r.toString());
        JsonObject body = r.json();
        assertTrue(body.getInt("expires_in") >= 60);
        assertEquals(body.getString("token"), body.getString("access_token"));
        Instant.parse(body.getString("issued_at"));
        JsonObject claims = claims(body.getString("token"));
        assertEquals(user, claims.getString("sub"));
        assertEquals("wharf-registry", claims.getString("aud"));
        var access = claims.getJsonArray("access");
        assertEquals(1, access.size());
        assertEquals(project + "/app", access.getJsonObject(0).getString("name"));
        assertEquals("[\"pull\"]", access.getJsonObject(0).getJsonArray("actions").toString());
        assertEquals("no-store", r.header("Cache-Control").orElseThrow());
    }

    @Test
    void anonymousGetsNothingOnAPrivateProject() {
        Http.Response r = Http.get(WharfDeployment.url() + "/service/token?service=wharf-registry&scope="
                + q("repository:" + project + "/app:pull"));
        assertEquals(200, r.status());
        assertEquals(0, claims(r.json().getString("token")).getJsonArray("access").size());
    }

    @Test
    void wrongPasswordIsRefusedInTheApiErrorFormat() {
        Http.Response r = Http.get(WharfDeployment.url() + "/service/token?service=wharf-registry",
                "Authorization", Http.basic(user, "Wrong1234"));
        assertEquals(401, r.status());
        assertEquals("UNAUTHORIZED", r.errorCode());
        assertFalse(r.body().contains("Exception"));
    }

    @Test
    void offlineTokenComesWithARefreshTokenThatTheOAuthFormAccepts() {
        Http.Response r = Http.get(WharfDeployment.url() + "/service/token?service=wharf-registry&offline_token=true&client_id=docker",
                "Authorization", Http.basic(user, WharfApi.PASSWORD));
        String refresh = r.json().getString("refresh_token");
        Http.Response refreshed = Http.send("POST", WharfDeployment.url() + "/service/token",
                "grant_type=refresh_token&service=wharf-registry&client_id=docker&refresh_token=" + q(refresh)
                        + "&scope=" + q("repository:" + project + "/app:pull"),
                "Content-Type", "application/x-www-form-urlencoded");
        assertEquals(200, refreshed.status(), refreshed.toString());
        assertEquals(user, claims(refreshed.json().getString("access_token")).getString("sub"));
        assertEquals(1, claims(refreshed.json().getString("access_token")).getJsonArray("access").size());

        // A refresh token is not an access token: the registry path refuses it.
        assertEquals(401, Http.get(WharfDeployment.url() + "/v2/", "Authorization", Http.bearer(refresh)).status());
    }

    @Test
    void passwordGrantOfTheOAuthForm() {
        Http.Response ok = Http.send("POST", WharfDeployment.url() + "/service/token",
                "grant_type=password&service=wharf-registry&client_id=podman&access_type=offline&username=" + user
                        + "&password=" + WharfApi.PASSWORD + "&scope=" + q("repository:" + project + "/app:pull"),
                "Content-Type", "application/x-www-form-urlencoded");
        assertEquals(200, ok.status(), ok.toString());
        assertTrue(ok.json().containsKey("refresh_token"));
        Http.Response bad = Http.send("POST", WharfDeployment.url() + "/service/token",
                "grant_type=password&service=wharf-registry&client_id=podman&username=" + user + "&password=nope",
                "Content-Type", "application/x-www-form-urlencoded");
        assertEquals(401, bad.status());
        Http.Response noGrant = Http.send("POST", WharfDeployment.url() + "/service/token",
                "grant_type=magic&client_id=podman", "Content-Type", "application/x-www-form-urlencoded");
        assertEquals(400, noGrant.status());
        assertEquals("BAD_REQUEST", noGrant.errorCode());
    }

    @Test
    void unknownServiceAndMalformedScopeAreBadRequests() {
        Http.Response service = Http.get(WharfDeployment.url() + "/service/token?service=elsewhere");
        assertEquals(400, service.status());
        Http.Response scope = Http.get(WharfDeployment.url() + "/service/token?service=wharf-registry&scope=" + q("repository:onlyname"));
        assertEquals(400, scope.status());
        assertEquals("BAD_REQUEST", scope.errorCode());
    }

    /** The actions the user's next token grants on the project's "app" repository, as the registry would see them. */
    private String granted(String username, String password) {
        String scope = q("repository:" + project + "/app:push,pull");
        Http.Response r = Http.get(WharfDeployment.url() + "/service/token?service=wharf-registry&scope=" + scope,
                "Authorization", username == null ? null : Http.basic(username, password));
        if (r.status() == 401) return "401";
        assertEquals(200, r.status(), r.toString());
        var access = claims(r.json().getString("token")).getJsonArray("access");
        return access.isEmpty() ? "none" : access.getJsonObject(0).getJsonArray("actions").toString();
    }

    @Test
    void roleMembershipAndPasswordChangesApplyToTheVeryNextToken() {
        String base = WharfDeployment.url() + "/api/v2.0";
        assertEquals("[\"pull\"]", granted(user, WharfApi.PASSWORD));
        long memberId = Http.get(base + "/projects/" + project + "/members", "Authorization", api.adminAuth())
                .jsonArray().stream().map(v -> v.asJsonObject())
                .filter(m -> m.getString("entity_name").equals(user)).findFirst().orElseThrow()
                .getJsonNumber("id").longValue();

        assertEquals(200, Http.putJson(base + "/projects/" + project + "/members/" + memberId, "{\"role_id\":2}",
                api.adminAuth()).status());
        assertEquals("[\"pull\",\"push\"]", granted(user, WharfApi.PASSWORD), "developer after the role change");

        assertEquals(200, Http.send("DELETE", base + "/projects/" + project + "/members/" + memberId, null,
                "Authorization", api.adminAuth()).status());
        assertEquals("none", granted(user, WharfApi.PASSWORD), "nothing once removed from the private project");

        assertEquals(200, Http.putJson(base + "/projects/" + project, "{\"metadata\":{\"public\":\"true\"}}",
                api.adminAuth()).status());
        assertEquals("[\"pull\"]", granted(null, null), "anonymous pull once the project is public");

        long userId = Http.get(base + "/users/current", "Authorization", Http.basic(user, WharfApi.PASSWORD)).json()
                .getJsonNumber("user_id").longValue();
        String newPassword = "Changed" + WharfApi.PASSWORD;
        assertEquals(200, Http.putJson(base + "/users/" + userId + "/password",
                "{\"old_password\":\"" + WharfApi.PASSWORD + "\",\"new_password\":\"" + newPassword + "\"}",
                Http.basic(user, WharfApi.PASSWORD)).status());
        assertEquals("401", granted(user, WharfApi.PASSWORD), "the old password stops working at once");
        assertEquals("[\"pull\"]", granted(user, newPassword));
    }
}
