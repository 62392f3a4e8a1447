package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Cmd;
import io.wharf.it.support.Eventually;
import io.wharf.it.support.Http;
import io.wharf.it.support.Images;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage collection with real clients and the registry's real storage: pushed and deleted images
 * give their disk space back (measured on the registry's folder), a dry run deletes nothing, an
 * abandoned upload is purged, and images pushed while collections run, sharing layers with deleted
 * ones, all pull back bit-identical. The stack runs with a 4 s window and a 10 s upload age (it/pom.xml).
 */
class GcE2EIT {
    private static final Duration WINDOW = Duration.ofSeconds(5);

    private final WharfApi api = new WharfApi(Stack.url(), Stack.adminPassword());
    private final String creds = "admin:" + Stack.adminPassword();

    @Test
    void deletedImagesGiveTheirSpaceBackAndADryRunDeletesNothing(@TempDir Path dir) throws Exception {
        String project = api.createProject(WharfApi.unique("gc"), false);
        Path layout = Images.build(dir.resolve("base"));
        randomVariant(layout, dir, "v1", "keep", 400_000);
        randomVariant(layout, dir, "v1", "a", 700_000);
        randomVariant(layout, dir, "v1", "b", 900_000);
        push(layout, "keep", project + "/kept:1");
        // Whatever other tests left behind goes first, so that the baseline holds only what is in use.
        sleep(WINDOW);
        runGc(false, false);
        long baseline = registrySize();

        String a = push(layout, "a", project + "/app:a");
        String b = push(layout, "b", project + "/app:b");
        long grown = registrySize();
        assertTrue(grown - baseline > 1_500_000, "two pushes of ~1.6 MB: " + baseline + " -> " + grown);
        deleteArtifact(project, "app", a);
        deleteArtifact(project, "app", b);
        sleep(WINDOW);
        // (the deletes removed the manifests' and tags' link files already: measured after them)
        long beforeDryRun = registrySize();

        long dry = runGc(true, false);
        JsonObject dryResults = results(dry);
        assertTrue(dryResults.getBoolean("dry_run"));
        assertTrue(dryResults.getJsonNumber("freed_space").longValue() >= 1_500_000, dryResults.toString());
        assertTrue(dryResults.getInt("blobs_deleted") >= 4, "two layers, two configs, two manifests: " + dryResults);
        assertEquals(beforeDryRun, registrySize(), "a dry run deletes nothing");
        assertTrue(log(dry).contains("would delete"), log(dry));

        long real = runGc(false, false);
        long after = registrySize();
        assertTrue(Math.abs(after - baseline) <= baseline / 100, "back to the baseline within 1 %: " + baseline + " -> " + grown + " -> " + after);
        JsonObject realResults = results(real);
        assertEquals(dryResults.getInt("blobs_deleted"), realResults.getInt("blobs_deleted"), realResults.toString());
        long freed = realResults.getJsonNumber("freed_space").longValue();
        assertTrue(Math.abs(freed - (grown - after)) <= (grown - after) / 100 + 1024, "freed " + freed + " of " + (grown - after));
        assertTrue(log(real).contains("freed " + freed + " bytes"), log(real));

        // The kept image is intact.
        verifyPull(layout, project + "/kept:1", dir.resolve("pull-kept"));
        Http.Response history = Http.get(Stack.url() + "/api/v2.0/system/gc?page_size=2", "Authorization", api.adminAuth());
        assertEquals(200, history.status());
        assertEquals(real, history.jsonArray().getJsonObject(0).getJsonNumber("id").longValue());
        assertTrue(Long.parseLong(history.header("X-Total-Count").orElseThrow()) >= 3);
    }

    @Test
    void anAbandonedUploadIsPurged(@TempDir Path dir) throws Exception {
        String project = api.createProject(WharfApi.unique("gcup"), false);
        String token = api.token("admin", Stack.adminPassword(), "repository:" + project + "/half:push,pull");
        Http.Response start = Http.send("POST", Stack.url() + "/v2/" + project + "/half/blobs/uploads/", "", "Authorization", Http.bearer(token));
        assertEquals(202, start.status(), start.toString());
        String location = start.header("Location").orElseThrow();
        String uuid = start.header("Docker-Upload-UUID").orElseThrow();
        byte[] chunk = new byte[300_000];
        new Random(7).nextBytes(chunk);
        Http.Response patch = Http.sendBytes("PATCH", location.startsWith("http") ? location : Stack.url() + location, chunk,
                "Authorization", Http.bearer(token), "Content-Type", "application/octet-stream");
        assertEquals(202, patch.status(), patch.toString());
        Path session = registryRoot().resolve("docker/registry/v2/repositories/" + project + "/half/_uploads/" + uuid);
        assertTrue(Files.isDirectory(session), session.toString());

        long early = runGc(false, false);
        assertTrue(Files.isDirectory(session), "an upload younger than the configured age stays");
        assertEquals(0, results(early).getInt("uploads_purged"));
        sleep(Duration.ofSeconds(11));
        long late = runGc(false, false);
        assertFalse(Files.exists(session), "the abandoned upload is purged");
        assertTrue(results(late).getInt("uploads_purged") >= 1, results(late).toString());
        assertTrue(log(late).contains(uuid), log(late));
        Http.Response resume = Http.sendBytes("PATCH", location.startsWith("http") ? location : Stack.url() + location, chunk,
                "Authorization", Http.bearer(token), "Content-Type", "application/octet-stream");
        assertEquals(404, resume.status(), "the session is gone: " + resume);
    }

    /**
     * Images that share a big layer with deleted ones are pushed (into the deleted images' own
     * repository, where the layer is still linked, and into another) while collections run one
     * after another; every one of them pulls back bit-identical.
     */
    @Test
    void imagesPushedDuringCollectionPullBackBitIdentical(@TempDir Path dir) throws Exception {
        String project = api.createProject(WharfApi.unique("gcrace"), false);
        Path layout = Images.build(dir.resolve("base"));
        randomVariant(layout, dir, "v1", "shared", 1_000_000);
        List<String> oldTags = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            randomVariant(layout, dir, "shared", "old" + i, 100_000);
            oldTags.add("old" + i);
        }
        List<String> newTags = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            randomVariant(layout, dir, "shared", "new" + i, 100_000);
            newTags.add("new" + i);
        }
        for (String t : oldTags) deleteArtifact(project, "old", push(layout, t, project + "/old:" + t));
        sleep(WINDOW);

        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<List<Long>> collections = pool.submit(() -> {
                List<Long> ids = new ArrayList<>();
                for (int i = 0; i < 6; i++) ids.add(runGc(false, false));
                return ids;
            });
            List<Future<String>> pushes = new ArrayList<>();
            for (int i = 0; i < newTags.size(); i++) {
                String tag = newTags.get(i);
                String target = project + (i % 2 == 0 ? "/old:" : "/new:") + tag;
                pushes.add(pool.submit(() -> target + "@" + push(layout, tag, target)));
            }
            List<String> pushed = new ArrayList<>();
            for (Future<String> f : pushes) pushed.add(f.get());
            List<Long> ids = collections.get();
            assertTrue(ids.stream().mapToLong(id -> results(id).getInt("blobs_deleted")).sum() >= 4,
                    "the deleted images' own layers and configs went");
            // and once more after the pushes, with nothing racing
            sleep(WINDOW);
            runGc(false, false);
            for (String p : pushed) {
                String ref = p.substring(0, p.indexOf('@'));
                String tag = ref.substring(ref.lastIndexOf(':') + 1);
                verifyPull(layout, ref, dir.resolve("pull-" + tag));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void onlyAdministratorsAndWellFormedRequests() {
        String user = api.createUser(WharfApi.unique("gcuser"));
        Http.Response forbidden = Http.postJson(Stack.url() + "/api/v2.0/system/gc/schedule",
                "{\"schedule\":{\"type\":\"Manual\"}}", Http.basic(user, WharfApi.PASSWORD));
        assertEquals(403, forbidden.status(), forbidden.toString());
        Http.Response badWorkers = Http.postJson(Stack.url() + "/api/v2.0/system/gc/schedule",
                "{\"schedule\":{\"type\":\"Manual\"},\"parameters\":{\"workers\":9}}", api.adminAuth());
        assertEquals(400, badWorkers.status(), badWorkers.toString());
        Http.Response badType = Http.postJson(Stack.url() + "/api/v2.0/system/gc/schedule",
                "{\"schedule\":{\"type\":\"Daily\"},\"parameters\":{\"dry_run\":\"yes\"}}", api.adminAuth());
        assertEquals(400, badType.status(), badType.toString());
        Http.Response badCron = Http.putJson(Stack.url() + "/api/v2.0/system/gc/schedule",
                "{\"schedule\":{\"type\":\"Custom\",\"cron\":\"every day\"}}", api.adminAuth());
        assertEquals(400, badCron.status(), badCron.toString());

        Http.Response set = Http.putJson(Stack.url() + "/api/v2.0/system/gc/schedule",
                "{\"schedule\":{\"type\":\"Custom\",\"cron\":\"0 30 3 * * 6\"},\"parameters\":{\"delete_untagged\":true,\"workers\":3}}",
                api.adminAuth());
        assertEquals(200, set.status(), set.toString());
        JsonObject schedule = Http.get(Stack.url() + "/api/v2.0/system/gc/schedule", "Authorization", api.adminAuth()).json();
        assertEquals("Custom", schedule.getJsonObject("schedule").getString("type"));
        assertEquals("0 30 3 * * 6", schedule.getJsonObject("schedule").getString("cron"));
        JsonObject parameters = parse(schedule.getString("job_parameters"));
        assertTrue(parameters.getBoolean("delete_untagged"));
        assertEquals(3, parameters.getInt("workers"));
        assertEquals(200, Http.putJson(Stack.url() + "/api/v2.0/system/gc/schedule", "{\"schedule\":{\"type\":\"None\"}}",
                api.adminAuth()).status());
        assertEquals("None", Http.get(Stack.url() + "/api/v2.0/system/gc/schedule", "Authorization", api.adminAuth())
                .json().getJsonObject("schedule").getString("type"));
        assertEquals(404, Http.get(Stack.url() + "/api/v2.0/system/gc/999999999", "Authorization", api.adminAuth()).status());
        assertEquals(404, Http.get(Stack.url() + "/api/v2.0/system/gc/abc/log", "Authorization", api.adminAuth()).status());
    }

    // --- helpers

    /** Adds a layer of {@code bytes} random (incompressible) bytes on top of {@code from}, tagged {@code to}. */
    private static void randomVariant(Path layout, Path dir, String from, String to, int bytes) throws IOException {
        Path bundle = dir.resolve("bundle-" + to);
        run("umoci", "unpack", "--rootless", "--image", layout + ":" + from, bundle.toString());
        byte[] content = new byte[bytes];
        new Random(to.hashCode() ^ System.nanoTime()).nextBytes(content);
        Files.write(bundle.resolve("rootfs/" + to + ".bin"), content);
        run("umoci", "repack", "--image", layout + ":" + to, bundle.toString());
    }

    private String push(Path layout, String tag, String target) throws IOException {
        Path digestFile = Files.createTempFile("gc-digest", ".txt");
        try {
            Cmd.Result r = Images.copy("oci:" + layout + ":" + tag, "docker://" + Stack.host() + "/" + target, null, creds, digestFile);
            assertTrue(r.ok(), r::toString);
            return Files.readString(digestFile).strip();
        } finally {
            Files.deleteIfExists(digestFile);
        }
    }

    /** Pulls the image and checks its manifest and every blob byte for byte against the layout it was pushed from. */
    private void verifyPull(Path layout, String ref, Path out) throws Exception {
        Cmd.Result r = Images.copy("docker://" + Stack.host() + "/" + ref, "dir:" + out, creds, null, null);
        assertTrue(r.ok(), ref + ": " + r);
        byte[] manifest = Files.readAllBytes(out.resolve("manifest.json"));
        String hex = sha256(manifest);
        assertTrue(Files.exists(layout.resolve("blobs/sha256/" + hex)), ref + ": the manifest pulled is the one pushed");
        JsonObject m = parse(new String(manifest, java.nio.charset.StandardCharsets.UTF_8));
        List<String> blobs = new ArrayList<>();
        blobs.add(m.getJsonObject("config").getString("digest"));
        m.getJsonArray("layers").forEach(l -> blobs.add(l.asJsonObject().getString("digest")));
        for (String d : blobs) {
            String h = d.substring("sha256:".length());
            assertEquals(-1L, Files.mismatch(out.resolve(h), layout.resolve("blobs/sha256/" + h)), ref + ": blob " + d);
        }
    }

    private long runGc(boolean dryRun, boolean deleteUntagged) {
        Http.Response r = Http.postJson(Stack.url() + "/api/v2.0/system/gc/schedule", "{\"schedule\":{\"type\":\"Manual\"},"
                + "\"parameters\":{\"dry_run\":" + dryRun + ",\"delete_untagged\":" + deleteUntagged + ",\"workers\":2}}", api.adminAuth());
        assertEquals(201, r.status(), r.toString());
        String location = r.header("Location").orElseThrow();
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        JsonObject run = Eventually.await("garbage collection " + id, Duration.ofSeconds(120),
                () -> Http.get(Stack.url() + "/api/v2.0/system/gc/" + id, "Authorization", api.adminAuth()).json(),
                j -> Stream.of("Success", "Error", "Stopped").anyMatch(s -> s.equals(j.getString("job_status"))));
        assertEquals("Success", run.getString("job_status"), run + "\n" + log(id));
        assertEquals("GARBAGE_COLLECTION", run.getString("job_name"));
        return id;
    }

    private JsonObject results(long id) {
        return parse(Http.get(Stack.url() + "/api/v2.0/system/gc/" + id, "Authorization", api.adminAuth()).json().getString("job_parameters"));
    }

    private String log(long id) {
        Http.Response r = Http.get(Stack.url() + "/api/v2.0/system/gc/" + id + "/log", "Authorization", api.adminAuth());
        assertEquals(200, r.status(), r.toString());
        return r.body();
    }

    private void deleteArtifact(String project, String repository, String digest) {
        Http.Response r = Http.send("DELETE", Stack.url() + "/api/v2.0/projects/" + project + "/repositories/" + repository
                + "/artifacts/" + digest, null, "Authorization", api.adminAuth());
        assertEquals(200, r.status(), r.toString());
    }

    private static Path registryRoot() { return Stack.home().resolve("registry"); }

    /** The bytes the registry's files hold (folders and their block rounding aside). */
    private static long registrySize() throws IOException {
        try (Stream<Path> files = Files.walk(registryRoot())) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // removed while walking
                }
            }).sum();
        }
    }

    private static JsonObject parse(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static void sleep(Duration d) throws InterruptedException { Thread.sleep(d.toMillis()); }

    private static void run(String... command) {
        Cmd.Result r = Cmd.run(command);
        assertTrue(r.ok(), r::toString);
    }
}
