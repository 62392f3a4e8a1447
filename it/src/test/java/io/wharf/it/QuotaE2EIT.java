package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Cmd;
import io.wharf.it.support.DockerDaemon;
import io.wharf.it.support.Http;
import io.wharf.it.support.Images;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Project quotas with real clients: a project made with a storage limit refuses a skopeo push and a
 * podman push that would exceed it (registry error DENIED, "quota exceeded" with the numbers) and
 * counts nothing of them; usage follows pushes and deletes, each shared blob counted once; lifting
 * the limit lets the same push through. The Docker CLI (a daemon of the test's own) is refused the
 * same way, with the numbers, and nothing of its refused push is counted.
 */
class QuotaE2EIT {
    private final WharfApi api = new WharfApi(Stack.url(), Stack.adminPassword());
    private final String creds = "admin:" + Stack.adminPassword();

    @Test
    void pushesOverTheLimitAreRefusedAndUsageFollowsPushesAndDeletes(@TempDir Path dir) throws Exception {
        String project = WharfApi.unique("quota");
        Http.Response created = Http.postJson(Stack.url() + "/api/v2.0/projects",
                "{\"project_name\":\"" + project + "\",\"storage_limit\":1500000}", api.adminAuth());
        assertEquals(201, created.status(), created.toString());
        String location = created.header("Location").orElseThrow();
        long projectId = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        JsonObject quota = quota(projectId);
        assertEquals(1_500_000, quota.getJsonObject("hard").getJsonNumber("storage").longValue());
        assertEquals(0, quota.getJsonObject("used").getJsonNumber("storage").longValue());
        long quotaId = quota.getJsonNumber("id").longValue();

        Path layout = Images.build(dir.resolve("base"));
        randomLayer(layout, dir, "small", 400_000);
        randomLayer(layout, dir, "small2", 300_000);
        randomLayer(layout, dir, "big", 2_000_000);
        randomLayer(layout, dir, "big2", 2_000_000);

        assertTrue(push(layout, "small", project + "/app:small").ok());
        long afterSmall = used(quotaId);
        assertTrue(afterSmall > 400_000 && afterSmall < 600_000, "the image's blobs: " + afterSmall);
        // A second tag of the same image adds nothing: each blob counts once per project.
        assertTrue(push(layout, "small", project + "/other:same").ok());
        assertEquals(afterSmall, used(quotaId));

        Cmd.Result refused = push(layout, "big", project + "/app:big");
        assertFalse(refused.ok(), refused::toString);
        assertTrue(refused.output().contains("quota exceeded") && refused.output().contains("1500000"), refused::toString);
        assertTrue(refused.output().toLowerCase().contains("denied"), refused::toString);
        assertEquals(afterSmall, used(quotaId), "nothing of a refused push is counted");

        Path storage = dir.resolve("podman");
        String[] podman = {"podman", "--storage-driver", "vfs", "--root", storage.resolve("root").toString(),
                "--runroot", storage.resolve("run").toString()};
        Cmd.Result load = Cmd.run(concat(podman, "pull", "oci:" + layout + ":big2"));
        assertTrue(load.ok(), load::toString);
        String imageId = load.output().strip().lines().reduce((a, b) -> b).orElseThrow();
        Cmd.Result podmanPush = Cmd.run(concat(podman, "push", "--tls-verify=false", "--creds", creds, imageId,
                "docker://" + Stack.host() + "/" + project + "/app:podman"));
        assertFalse(podmanPush.ok(), podmanPush::toString);
        assertTrue(podmanPush.output().contains("quota exceeded"), podmanPush::toString);
        assertTrue(podmanPush.output().contains("uses " + afterSmall + " of 1500000 bytes"), "podman shows the numbers: " + podmanPush);
        assertTrue(podmanPush.output().toLowerCase().contains("denied"), podmanPush::toString);
        assertEquals(afterSmall, used(quotaId));

        // Within the limit still works; the shared base layer is not counted again.
        assertTrue(push(layout, "small2", project + "/app:small2").ok());
        long afterSmall2 = used(quotaId);
        assertTrue(afterSmall2 - afterSmall > 300_000 && afterSmall2 - afterSmall < 400_000, afterSmall + " -> " + afterSmall2);

        JsonObject small = Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/repositories/app/artifacts/small2",
                "Authorization", api.adminAuth()).json();
        assertEquals(200, Http.send("DELETE", Stack.url() + "/api/v2.0/projects/" + project + "/repositories/app/artifacts/"
                + small.getString("digest"), null, "Authorization", api.adminAuth()).status());
        assertEquals(afterSmall, used(quotaId), "a delete gives the artifact's own blobs back");

        Http.Response lift = Http.putJson(Stack.url() + "/api/v2.0/quotas/" + quotaId, "{\"hard\":{\"storage\":-1}}", api.adminAuth());
        assertEquals(200, lift.status(), lift.toString());
        Cmd.Result now = push(layout, "big", project + "/app:big");
        assertTrue(now.ok(), now::toString);
        assertTrue(used(quotaId) > afterSmall + 2_000_000);

        assertEquals(400, Http.putJson(Stack.url() + "/api/v2.0/quotas/" + quotaId, "{\"hard\":{\"storage\":-5}}", api.adminAuth()).status());
        assertEquals(400, Http.putJson(Stack.url() + "/api/v2.0/quotas/" + quotaId, "{\"hard\":{\"storage\":\"lots\"}}", api.adminAuth()).status());
        assertEquals(403, Http.get(Stack.url() + "/api/v2.0/quotas", "Authorization",
                Http.basic(api.createUser(WharfApi.unique("qu")), WharfApi.PASSWORD)).status());
        List<Long> ids = Http.get(Stack.url() + "/api/v2.0/quotas", "Authorization", api.adminAuth()).jsonArray().stream()
                .map(v -> v.asJsonObject().getJsonNumber("id").longValue()).toList();
        assertTrue(ids.contains(quotaId), ids::toString);

        // Harbor's project summary shows the quota to the project's members (the portal's quota bar for them).
        String developer = api.createUser(WharfApi.unique("qdev"));
        api.addMember(project, developer, 2);
        Http.Response summary = Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/summary", "Authorization",
                Http.basic(developer, WharfApi.PASSWORD));
        assertEquals(200, summary.status(), summary.toString());
        JsonObject shown = summary.json().getJsonObject("quota");
        assertEquals(-1, shown.getJsonObject("hard").getJsonNumber("storage").longValue(), shown::toString);
        assertEquals(used(quotaId), shown.getJsonObject("used").getJsonNumber("storage").longValue(), shown::toString);
    }

    /**
     * The Docker CLI (a daemon of the test's own): a push within the limit goes through, one over it
     * is refused with DENIED, "quota exceeded" and the numbers, counts nothing, and goes through
     * from the same client once the limit is raised.
     */
    @Test
    void theDockerCliSeesTheRefusalWithTheNumbersAndNothingOfItIsCounted(@TempDir Path dir) throws Exception {
        try (DockerDaemon daemon = DockerDaemon.start()) {
            String project = WharfApi.unique("dquota");
            Http.Response created = Http.postJson(Stack.url() + "/api/v2.0/projects",
                    "{\"project_name\":\"" + project + "\",\"storage_limit\":1000000}", api.adminAuth());
            assertEquals(201, created.status(), created.toString());
            String location = created.header("Location").orElseThrow();
            long quotaId = quota(Long.parseLong(location.substring(location.lastIndexOf('/') + 1))).getJsonNumber("id").longValue();

            Path layout = Images.build(dir.resolve("base"));
            randomLayer(layout, dir, "small", 300_000);
            randomLayer(layout, dir, "big", 1_500_000);
            String small = Stack.host() + "/" + project + "/app:small";
            String big = Stack.host() + "/" + project + "/app:big";
            assertTrue(daemon.load(layout, "small", small).ok());
            assertTrue(daemon.load(layout, "big", big).ok());
            Cmd.Result login = daemon.login("admin", Stack.adminPassword());
            assertTrue(login.ok(), login::toString);

            Cmd.Result within = daemon.docker("push", small);
            assertTrue(within.ok(), within::toString);
            long before = used(quotaId);
            assertTrue(before > 300_000 && before < 1_000_000, "the small image's blobs: " + before);

            Cmd.Result refused = daemon.docker("push", big);
            assertFalse(refused.ok(), refused::toString);
            String out = refused.output();
            assertTrue(out.contains("denied") && out.contains("quota exceeded"), out);
            assertTrue(out.contains("uses " + before + " of 1000000 bytes"), "docker shows the numbers: " + out);
            assertEquals(before, used(quotaId), "nothing of the refused push is counted");
            assertEquals(404, Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/repositories/app/artifacts/big",
                    "Authorization", api.adminAuth()).status(), "no artifact of the refused push");

            assertEquals(200, Http.putJson(Stack.url() + "/api/v2.0/quotas/" + quotaId, "{\"hard\":{\"storage\":4000000}}", api.adminAuth()).status());
            Cmd.Result again = daemon.docker("push", big);
            assertTrue(again.ok(), again::toString);
            assertTrue(used(quotaId) > before + 1_500_000, "the big layer counts once pushed: " + used(quotaId));
        }
    }

    private JsonObject quota(long projectId) {
        Http.Response r = Http.get(Stack.url() + "/api/v2.0/quotas?reference=project&reference_id=" + projectId, "Authorization", api.adminAuth());
        assertEquals(200, r.status(), r.toString());
        assertEquals(1, r.jsonArray().size(), r.toString());
        return r.jsonArray().getJsonObject(0);
    }

    private long used(long quotaId) {
        Http.Response r = Http.get(Stack.url() + "/api/v2.0/quotas/" + quotaId, "Authorization", api.adminAuth());
        assertEquals(200, r.status(), r.toString());
        return r.json().getJsonObject("used").getJsonNumber("storage").longValue();
    }

    private Cmd.Result push(Path layout, String tag, String target) {
        return Images.copy("oci:" + layout + ":" + tag, "docker://" + Stack.host() + "/" + target, null, creds, null);
    }

    private static void randomLayer(Path layout, Path dir, String tag, int bytes) throws IOException {
        Path bundle = dir.resolve("bundle-" + tag);
        run("umoci", "unpack", "--rootless", "--image", layout + ":v1", bundle.toString());
        byte[] content = new byte[bytes];
        new Random(tag.hashCode() ^ System.nanoTime()).nextBytes(content);
        Files.write(bundle.resolve("rootfs/" + tag + ".bin"), content);
        run("umoci", "repack", "--image", layout + ":" + tag, bundle.toString());
    }

    private static void run(String... command) {
        Cmd.Result r = Cmd.run(command);
        assertTrue(r.ok(), r::toString);
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
