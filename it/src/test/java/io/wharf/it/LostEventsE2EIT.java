package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Cmd;
import io.wharf.it.support.Eventually;
import io.wharf.it.support.Http;
import io.wharf.it.support.Images;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry keeps undelivered events in memory only. With Wharf down, a push reaches the
 * registry; then the registry restarts and the event is gone. Reconciliation on Wharf's next start
 * must record the push (and the project's quota usage count it), and running it again must change nothing.
 */
class LostEventsE2EIT {
    /** The bytes of a pushed image's manifest, config and layers, read from the OCI layout it was pushed from. */
    private static long blobBytes(Path layout, String manifestDigest) throws java.io.IOException {
        Path blobs = layout.resolve("blobs/sha256");
        byte[] manifest = Files.readAllBytes(blobs.resolve(manifestDigest.substring("sha256:".length())));
        JsonObject m;
        try (var reader = jakarta.json.Json.createReader(new java.io.ByteArrayInputStream(manifest))) {
            m = reader.readObject();
        }
        long sum = manifest.length + Files.size(blobs.resolve(m.getJsonObject("config").getString("digest").substring(7)));
        for (JsonObject l : m.getJsonArray("layers").getValuesAs(JsonObject.class)) sum += Files.size(blobs.resolve(l.getString("digest").substring(7)));
        return sum;
    }

    private static long quotaUsed(WharfApi api, String project) {
        long id = Http.get(Stack.url() + "/api/v2.0/projects/" + project, "Authorization", api.adminAuth()).json().getJsonNumber("project_id").longValue();
        return Http.get(Stack.url() + "/api/v2.0/quotas?reference=project&reference_id=" + id, "Authorization", api.adminAuth())
                .jsonArray().getJsonObject(0).getJsonObject("used").getJsonNumber("storage").longValue();
    }

    @Test
    void reconciliationRepairsWhatLostEventsLeftOut(@TempDir Path dir) throws Exception {
        WharfApi api = new WharfApi(Stack.url(), Stack.adminPassword());
        String project = api.createProject(WharfApi.unique("lost"), false);
        Path image = Images.build(dir);
        String token = api.token("admin", Stack.adminPassword(), "repository:" + project + "/app:push,pull");

        assertEquals(0, quotaUsed(api, project));
        Cmd.Result stopped = Stack.stopLiberty();
        assertTrue(stopped.ok(), stopped::toString);
        Path digestFile = dir.resolve("digest");
        // Straight to the registry, which trusts Wharf's token; its event to Wharf cannot be delivered.
        Cmd.Result push = Cmd.run("skopeo", "copy", "--dest-tls-verify=false", "--dest-registry-token", token,
                "--digestfile", digestFile.toString(), "oci:" + image + ":v1",
                "docker://" + Stack.registryDirectUrl().replace("http://", "") + "/" + project + "/app:v1");
        assertTrue(push.ok(), push::toString);
        Cmd.Result down = Stack.wharf("down");
        assertTrue(down.ok(), down::toString);
        Cmd.Result up = Stack.wharf("up");
        assertTrue(up.ok(), up::toString);

        String digest = Files.readString(digestFile).strip();
        Http.Response[] last = new Http.Response[1];
        Eventually.await("reconciliation on start", Duration.ofSeconds(90), () -> {
            last[0] = Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/repositories/app/artifacts/v1",
                    "Authorization", api.adminAuth());
            return last[0].status();
        }, s -> s == 200);
        assertEquals(digest, last[0].json().getString("digest"));

        for (int i = 0; i < 2; i++) {
            Http.Response again = Http.send("POST", Stack.url() + "/api/v2.0/system/reconcile", null, "Authorization", api.adminAuth());
            assertEquals(200, again.status(), again.toString());
        }
        JsonObject repo = Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/repositories/app",
                "Authorization", api.adminAuth()).json();
        assertEquals(1, repo.getInt("artifact_count"));
        assertEquals(0, repo.getInt("pull_count"), "reconciliation reads manifests but counts no pulls");
        assertEquals(1, Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/repositories/app/artifacts",
                "Authorization", api.adminAuth()).jsonArray().size());
        // The project's quota usage, blind to the lost push before, counts it once the records are repaired.
        assertEquals(blobBytes(image, digest), quotaUsed(api, project), "quota usage counts the reconciled image's blobs");
        assertEquals(403, Http.send("POST", Stack.url() + "/api/v2.0/system/reconcile", null, "Authorization",
                Http.basic(api.createUser(WharfApi.unique("nr")), WharfApi.PASSWORD)).status());
    }
}
