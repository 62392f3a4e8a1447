package io.wharf.it.arquillian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Http;
import io.wharf.it.support.WharfApi;
import jakarta.json.JsonObject;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The /v2 gateway's own answers (before the registry) and /health. */
@ExtendWith(ArquillianExtension.class)
class GatewayAndHealthResourceIT {
    @Deployment(testable = false)
    static EnterpriseArchive deployment() { return WharfDeployment.ear(); }

    @Test
    void baseAnswers401WithAChallengeThen200WithAToken() {
        Http.Response challenge = Http.get(WharfDeployment.url() + "/v2/");
        assertEquals(401, challenge.status());
        assertEquals("Bearer realm=\"" + WharfDeployment.url() + "/service/token\",service=\"wharf-registry\"",
                challenge.header("WWW-Authenticate").orElseThrow());
        String token = WharfDeployment.api().token(null, null);
        Http.Response ok = Http.get(WharfDeployment.url() + "/v2/", "Authorization", Http.bearer(token));
        assertEquals(200, ok.status());
        assertEquals("registry/2.0", ok.header("Docker-Distribution-API-Version").orElseThrow());
    }

    @Test
    void unknownRegistryPathsAndBadNamesAreRegistryErrors() {
        String token = WharfDeployment.api().token(null, null);
        Http.Response unknown = Http.get(WharfDeployment.url() + "/v2/just/a/path", "Authorization", Http.bearer(token));
        assertEquals(404, unknown.status());
        assertEquals("NAME_UNKNOWN", unknown.errorCode());
        Http.Response bad = Http.get(WharfDeployment.url() + "/v2/Bad/Name/manifests/v1", "Authorization", Http.bearer(token));
        assertEquals(400, bad.status());
        assertEquals("NAME_INVALID", bad.errorCode());
    }

    @Test
    void anonymousTokenCannotTouchAPrivateRepository() {
        WharfApi api = WharfDeployment.api();
        String project = api.createProject(WharfApi.unique("gw"), false);
        String token = api.token(null, null, "repository:" + project + "/app:pull");
        Http.Response r = Http.get(WharfDeployment.url() + "/v2/" + project + "/app/manifests/v1", "Authorization", Http.bearer(token));
        assertEquals(401, r.status());
        assertEquals("DENIED", r.errorCode());
    }

    @Test
    void healthReportsEveryPart() {
        // A freshly deployed application warms its hot paths up before it reports ready (a few seconds).
        Http.Response r = io.wharf.it.support.Eventually.await("the deployment ready", java.time.Duration.ofSeconds(60),
                () -> Http.get(WharfDeployment.url() + "/health"), h -> h.status() != 503 || !h.body().contains("\"warm-up\",\"status\":\"DOWN\""));
        assertEquals(200, r.status(), r.toString());
        JsonObject health = r.json();
        assertEquals("UP", health.getString("status"));
        Set<String> checks = health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .map(c -> c.getString("name") + "=" + c.getString("status")).collect(Collectors.toSet());
        assertTrue(checks.containsAll(Set.of("wharf=UP", "database=UP", "redis=UP", "registry=UP", "warm-up=UP")), checks::toString);
    }
}
