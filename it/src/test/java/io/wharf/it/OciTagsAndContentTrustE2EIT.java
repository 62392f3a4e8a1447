package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.CosignSignatures;
import io.wharf.it.support.Http;
import io.wharf.it.support.Images;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Deleting a tag through {@code /v2} (the artifact stays, as Harbor does it) and Harbor's cosign
 * content trust policy, with images pushed and pulled by skopeo.
 */
class OciTagsAndContentTrustE2EIT {
    private static final WharfApi API = new WharfApi(Stack.url(), Stack.adminPassword());

    @Test
    void aTagDeletedThroughV2IsGoneAndItsArtifactStaysWithItsOtherTags() throws Exception {
        String project = API.createProject(WharfApi.unique("tagdel"), false);
        String dev = API.createUser(WharfApi.unique("tagdev"));
        API.addMember(project, dev, 2);
        String repo = project + "/app";
        Path work = Files.createTempDirectory("tagdel");
        Path layout = Images.build(work);
        Path digestFile = work.resolve("digest");
        for (String tag : List.of("v1", "v2")) {
            var copied = Images.copy("oci:" + layout + ":v1", "docker://" + Stack.host() + "/" + repo + ":" + tag, null,
                    dev + ":" + WharfApi.PASSWORD, digestFile);
            assertTrue(copied.ok(), copied::toString);
        }
        String image = Files.readString(digestFile).strip();

        // A developer may not delete (Harbor: delete is for maintainers and above): no delete scope, 401.
        String devToken = API.token(dev, WharfApi.PASSWORD, "repository:" + repo + ":delete,pull");
        assertEquals(401, Http.send("DELETE", manifest(repo, "v1"), null, "Authorization", Http.bearer(devToken)).status());

        String admin = API.token("admin", Stack.adminPassword(), "repository:" + repo + ":delete,pull,push");
        Http.Response deleted = Http.send("DELETE", manifest(repo, "v1"), null, "Authorization", Http.bearer(admin));
        assertEquals(202, deleted.status(), deleted.toString());

        Http.Response gone = Http.get(manifest(repo, "v1"), "Authorization", Http.bearer(admin));
        assertEquals(404, gone.status(), gone.toString());
        assertEquals("MANIFEST_UNKNOWN", gone.json().getJsonArray("errors").getJsonObject(0).getString("code"));
        assertEquals(404, Http.send("HEAD", manifest(repo, "v1"), null, "Authorization", Http.bearer(admin)).status());
        assertFalse(Images.inspect("docker://" + Stack.host() + "/" + repo + ":v1", "admin:" + Stack.adminPassword()).ok(),
                "skopeo must not find the deleted tag");
        assertEquals(List.of("v2"), tags(repo, admin));
        Http.Response v2 = Http.send("HEAD", manifest(repo, "v2"), null, "Authorization", Http.bearer(admin),
                "Accept", "application/vnd.oci.image.manifest.v1+json");
        assertEquals(image, v2.header("Docker-Content-Digest").orElseThrow());
        assertEquals(List.of("v2"), artifactTags(project, image));
        assertEquals(404, Http.send("DELETE", manifest(repo, "v1"), null, "Authorization", Http.bearer(admin)).status(),
                "a tag deleted already is unknown");

        // The reconciler reads the registry, which still holds the tag: the deletion stands.
        Http.Response reconciled = Http.send("POST", Stack.url() + "/api/v2.0/system/reconcile", null, "Authorization", API.adminAuth());
        assertTrue(reconciled.status() < 300, reconciled.toString());
        assertEquals(List.of("v2"), artifactTags(project, image));
        assertEquals(List.of("v2"), tags(repo, admin));

        // Pushed again, the tag is back.
        var again = Images.copy("oci:" + layout + ":v1", "docker://" + Stack.host() + "/" + repo + ":v1", null,
                dev + ":" + WharfApi.PASSWORD, digestFile);
        assertTrue(again.ok(), again::toString);
        assertEquals(200, Http.send("HEAD", manifest(repo, "v1"), null, "Authorization", Http.bearer(admin),
                "Accept", "application/vnd.oci.image.manifest.v1+json").status());
        assertEquals(List.of("v1", "v2"), tags(repo, admin));
        assertEquals(List.of("v1", "v2"), artifactTags(project, image));
    }

    @Test
    void aProjectThatRequiresCosignRefusesUnsignedPullsAndServesSignedOnes() throws Exception {
        String project = API.createProject(WharfApi.unique("trust"), false);
        String owner = API.createUser(WharfApi.unique("trustadm"));
        String dev = API.createUser(WharfApi.unique("trustdev"));
        API.addMember(project, owner, 1);
        API.addMember(project, dev, 2);
        String policy = "{\"metadata\":{\"enable_content_trust_cosign\":\"true\"}}";
        Http.Response byDeveloper = Http.putJson(Stack.url() + "/api/v2.0/projects/" + project, policy, Http.basic(dev, WharfApi.PASSWORD));
        assertEquals(403, byDeveloper.status(), "only project admins set the policy: " + byDeveloper);
        Http.Response byOwner = Http.putJson(Stack.url() + "/api/v2.0/projects/" + project, policy, Http.basic(owner, WharfApi.PASSWORD));
        assertEquals(200, byOwner.status(), byOwner.toString());
        Http.Response shown = Http.get(Stack.url() + "/api/v2.0/projects/" + project, "Authorization", Http.basic(dev, WharfApi.PASSWORD));
        assertEquals("true", shown.json().getJsonObject("metadata").getString("enable_content_trust_cosign"));

        String repo = project + "/app";
        Path work = Files.createTempDirectory("trust");
        Path digestFile = work.resolve("digest");
        var pushed = Images.copy("oci:" + Images.build(work) + ":v1", "docker://" + Stack.host() + "/" + repo + ":v1", null,
                dev + ":" + WharfApi.PASSWORD, digestFile);
        assertTrue(pushed.ok(), "pushing is not refused: " + pushed);
        String image = Files.readString(digestFile).strip();
        String token = API.token(dev, WharfApi.PASSWORD, "repository:" + repo + ":push,pull");

        for (String reference : List.of("v1", image)) {
            Http.Response refused = Http.get(manifest(repo, reference), "Authorization", Http.bearer(token));
            assertEquals(412, refused.status(), refused.toString());
            JsonObject error = refused.json().getJsonArray("errors").getJsonObject(0);
            assertEquals("PROJECTPOLICYVIOLATION", error.getString("code"));
            assertEquals("The image is not signed by cosign.", error.getString("message"));
            assertEquals(412, Http.send("HEAD", manifest(repo, reference), null, "Authorization", Http.bearer(token)).status());
        }
        // cosign reads the manifest it signs: with push access, its pull is let through (as in Harbor).
        assertEquals(200, Http.get(manifest(repo, image), "Authorization", Http.bearer(token), "User-Agent", "cosign/v2.2.4 (linux; amd64)",
                "Accept", "application/vnd.oci.image.manifest.v1+json").status());
        String pullOnly = API.token(dev, WharfApi.PASSWORD, "repository:" + repo + ":pull");
        assertEquals(412, Http.get(manifest(repo, image), "Authorization", Http.bearer(pullOnly), "User-Agent", "cosign/v2.2.4").status());
        var unsignedPull = Images.copy("docker://" + Stack.host() + "/" + repo + ":v1", "oci:" + work.resolve("out1") + ":v1",
                dev + ":" + WharfApi.PASSWORD, null, null);
        assertFalse(unsignedPull.ok(), "skopeo must not pull an unsigned image: " + unsignedPull);

        Http.Response signed = CosignSignatures.push(repo, token, image);
        assertEquals(201, signed.status(), signed.toString());
        // The signature itself stays pullable, or nobody could verify the image.
        assertEquals(200, Http.get(manifest(repo, CosignSignatures.tagOf(image)), "Authorization", Http.bearer(token),
                "Accept", "application/vnd.oci.image.manifest.v1+json").status());
        var signedPull = Images.copy("docker://" + Stack.host() + "/" + repo + ":v1", "oci:" + work.resolve("out2") + ":v1",
                dev + ":" + WharfApi.PASSWORD, null, null);
        assertTrue(signedPull.ok(), "a signed image is pulled: " + signedPull);
    }

    private static String manifest(String repo, String reference) {
        return Stack.url() + "/v2/" + repo + "/manifests/" + reference;
    }

    private static List<String> tags(String repo, String token) {
        Http.Response r = Http.get(Stack.url() + "/v2/" + repo + "/tags/list", "Authorization", Http.bearer(token));
        assertEquals(200, r.status(), r.toString());
        return r.json().getJsonArray("tags").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private static List<String> artifactTags(String project, String digest) {
        Http.Response r = Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/repositories/app/artifacts/" + digest,
                "Authorization", API.adminAuth());
        assertEquals(200, r.status(), r.toString());
        return r.json().getJsonArray("tags").getValuesAs(JsonObject.class).stream().map(t -> t.getString("name")).sorted().toList();
    }
}
