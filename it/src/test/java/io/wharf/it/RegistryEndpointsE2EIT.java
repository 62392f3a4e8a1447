package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Http;
import io.wharf.it.support.OtherRegistry;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registry endpoints against real registries on loopback: a second Debian docker-registry, open and
 * behind Basic auth. An administrator adds, tests, edits and deletes them; the password goes in and
 * never comes back out, neither in an answer nor in the database nor in a log.
 */
class RegistryEndpointsE2EIT {
    private static final String SECRET = "Upstr3am-s3cret-" + System.nanoTime();

    @Test
    void anAdministratorManagesEndpointsAndTheSecretNeverComesBack(@TempDir Path dir) throws Exception {
        WharfApi api = new WharfApi(Stack.url(), Stack.adminPassword());
        String base = Stack.url() + "/api/v2.0/registries";
        try (OtherRegistry locked = OtherRegistry.start(dir.resolve("locked"), OtherRegistry.portAfterStackRegistry(12), "puller", SECRET)) {
            // A test before saving: the wrong password is refused with a reason, the right one passes.
            Http.Response wrong = Http.postJson(base + "/ping", "{\"type\":\"docker-registry\",\"url\":\"" + locked.url()
                    + "\",\"access_key\":\"puller\",\"access_secret\":\"nope\"}", api.adminAuth());
            assertEquals(400, wrong.status(), wrong.toString());
            assertTrue(wrong.body().contains("refused the credentials"), wrong.body());
            Http.Response right = Http.postJson(base + "/ping", "{\"type\":\"docker-registry\",\"url\":\"" + locked.url()
                    + "\",\"access_key\":\"puller\",\"access_secret\":\"" + SECRET + "\"}", api.adminAuth());
            assertEquals(200, right.status(), right.toString());

            String name = WharfApi.unique("upstream");
            Http.Response created = Http.postJson(base, "{\"name\":\"" + name + "\",\"type\":\"docker-registry\",\"url\":\""
                    + locked.url() + "/\",\"insecure\":false,\"credential\":{\"type\":\"basic\",\"access_key\":\"puller\","
                    + "\"access_secret\":\"" + SECRET + "\"}}", api.adminAuth());
            assertEquals(201, created.status(), created.toString());
            String location = created.header("Location").orElseThrow();
            String id = location.substring(location.lastIndexOf('/') + 1);

            JsonObject endpoint = Http.get(base + "/" + id, "Authorization", api.adminAuth()).json();
            assertEquals(name, endpoint.getString("name"));
            assertEquals(locked.url(), endpoint.getString("url"));
            assertEquals("healthy", endpoint.getString("status"));
            assertEquals("puller", endpoint.getJsonObject("credential").getString("access_key"));
            assertEquals("*****", endpoint.getJsonObject("credential").getString("access_secret"));
            Http.Response listed = Http.get(base + "?q=name%3D~" + name, "Authorization", api.adminAuth());
            assertEquals(1, listed.jsonArray().size(), listed.toString());
            assertFalse(listed.body().contains(SECRET));

            // The stored secret is used by a test of the saved endpoint; a duplicate name is a conflict.
            assertEquals(200, Http.postJson(base + "/ping", "{\"id\":" + id + "}", api.adminAuth()).status());
            assertEquals(409, Http.postJson(base, "{\"name\":\"" + name + "\",\"type\":\"docker-registry\",\"url\":\""
                    + locked.url() + "\"}", api.adminAuth()).status());
            JsonObject info = Http.get(base + "/" + id + "/info", "Authorization", api.adminAuth()).json();
            assertEquals("docker-registry", info.getString("type"));

            // A new password that the registry refuses makes the endpoint unhealthy; the old one restores it.
            assertEquals(200, Http.putJson(base + "/" + id, "{\"access_secret\":\"changed\"}", api.adminAuth()).status());
            assertEquals("unhealthy", Http.get(base + "/" + id, "Authorization", api.adminAuth()).json().getString("status"));
            assertEquals(400, Http.postJson(base + "/ping", "{\"id\":" + id + "}", api.adminAuth()).status());
            assertEquals(200, Http.putJson(base + "/" + id, "{\"access_secret\":\"" + SECRET + "\"}", api.adminAuth()).status());
            assertEquals("healthy", Http.get(base + "/" + id, "Authorization", api.adminAuth()).json().getString("status"));

            // The registry stopped: the saved endpoint's test says it cannot be reached.
            locked.stop();
            Http.Response down = Http.postJson(base + "/ping", "{\"id\":" + id + "}", api.adminAuth());
            assertEquals(400, down.status());
            assertTrue(down.body().contains("cannot reach"), down.body());

            // Only administrators: a signed-in user without the role is refused, anonymous must sign in.
            String user = api.createUser(WharfApi.unique("dev"));
            assertEquals(403, Http.get(base, "Authorization", Http.basic(user, WharfApi.PASSWORD)).status());
            assertEquals(401, Http.get(base).status());
            assertEquals(403, Http.postJson(base + "/ping", "{\"id\":" + id + "}", Http.basic(user, WharfApi.PASSWORD)).status());

            assertEquals(200, Http.send("DELETE", base + "/" + id, null, "Authorization", api.adminAuth()).status());
            assertEquals(404, Http.get(base + "/" + id, "Authorization", api.adminAuth()).status());
        }
        assertSecretNowhere(Stack.home());
    }

    @Test
    void badEndpointsAreRefusedWithTheirReasonAndNothingIsSaved() {
        WharfApi api = new WharfApi(Stack.url(), Stack.adminPassword());
        String base = Stack.url() + "/api/v2.0/registries";
        String name = WharfApi.unique("bad");
        String[] bodies = {
            "{\"name\":\"" + name + "\",\"type\":\"docker-registry\",\"url\":\"ftp://x\"}",
            "{\"name\":\"" + name + "\",\"type\":\"quay\",\"url\":\"https://quay.example\"}",
            "{\"name\":\"" + name + "\",\"type\":\"docker-registry\",\"url\":\"https://u:p@r.example\"}",
            "{\"name\":\"\",\"type\":\"docker-registry\",\"url\":\"https://r.example\"}",
            "{\"name\":\"" + name + "\",\"type\":\"docker-registry\",\"url\":\"https://r.example\",\"insecure\":\"yes\"}",
            "{\"name\":\"" + name + "\",\"type\":\"docker-registry\",\"url\":\"https://r.example\",\"ca_certificate\":\"not pem\"}",
        };
        for (String body : bodies) {
            Http.Response r = Http.postJson(base, body, api.adminAuth());
            assertEquals(400, r.status(), body + " -> " + r);
            assertEquals("BAD_REQUEST", r.errorCode(), r.toString());
        }
        assertEquals(0, Http.get(base + "?name=" + name, "Authorization", api.adminAuth()).jsonArray().size());
        assertEquals(404, Http.get(base + "/999999999", "Authorization", api.adminAuth()).status());
    }

    /** Neither the database files nor any log hold the secret in clear. */
    private static void assertSecretNowhere(Path home) throws Exception {
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/registry/")).toList()) {
                if (Files.size(f) > 64L * 1024 * 1024) continue;
                byte[] bytes = Files.readAllBytes(f);
                assertFalse(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).contains(SECRET), "secret found in " + f);
            }
        }
    }
}
