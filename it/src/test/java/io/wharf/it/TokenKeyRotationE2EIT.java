package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Cmd;
import io.wharf.it.support.Eventually;
import io.wharf.it.support.Http;
import io.wharf.it.support.Images;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/wharf rotate-token-key} on the running stack: tokens handed out before the rotation keep
 * pulling, straight from the registry and through Wharf, until {@code --finish}; new tokens carry the new
 * key's id from the moment the command returns, without Wharf being restarted.
 */
class TokenKeyRotationE2EIT {
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    @Test
    void tokensOfThePreviousKeyWorkUntilTheRotationIsFinished(@TempDir Path dir) throws Exception {
        WharfApi api = new WharfApi(Stack.url(), Stack.adminPassword());
        String admin = "admin:" + Stack.adminPassword();
        String project = api.createProject(WharfApi.unique("rotate"), false);
        String repo = project + "/app";
        Cmd.Result push = Images.copy("oci:" + Images.build(dir) + ":v1", "docker://" + Stack.host() + "/" + repo + ":v1", null, admin, null);
        assertTrue(push.ok(), push::toString);

        String old = api.token("admin", Stack.adminPassword(), "repository:" + repo + ":pull");
        assertEquals(200, pullFromRegistry(repo, old), "the token pulls before the rotation");
        String libertyPid = Files.readString(Stack.home().resolve("liberty/output/.pid/wharf.pid")).strip();
        Path secret = Stack.home().resolve("secret");
        // A stack kept from an earlier run may still trust more than one certificate.
        int trustedBefore = count(Files.readString(secret.resolve("token-bundle.crt")), "BEGIN CERTIFICATE");

        Cmd.Result rotated = Stack.wharf("rotate-token-key");
        assertTrue(rotated.ok(), rotated::toString);
        assertTrue(rotated.output().contains("restarting the registry"), rotated::toString);
        assertFalse(rotated.output().contains("PRIVATE KEY") || rotated.output().contains("MII"), "nothing secret printed: " + rotated);
        for (String file : new String[] {"token.key", "token.crt", "token-bundle.crt"}) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret.resolve(file))), file);
        }
        assertEquals(trustedBefore + 1, count(Files.readString(secret.resolve("token-bundle.crt")), "BEGIN CERTIFICATE"));
        assertEquals(libertyPid, Files.readString(Stack.home().resolve("liberty/output/.pid/wharf.pid")).strip(), "Wharf was not restarted");

        assertEquals(200, pullFromRegistry(repo, old), "the registry still trusts the previous key");
        assertEquals(200, pullThroughWharf(repo, old), "so does Wharf");

        String fresh = api.token("admin", Stack.adminPassword(), "repository:" + repo + ":pull");
        assertNotEquals(kid(old), kid(fresh), "a token asked for after the command returned carries the new key's id");
        assertTrue(rotated.output().contains(kid(fresh)), "the command names the new key: " + rotated);
        assertEquals(200, pullFromRegistry(repo, fresh));
        assertEquals(200, pullThroughWharf(repo, fresh));
        Cmd.Result copy = Images.copy("docker://" + Stack.host() + "/" + repo + ":v1", "docker://" + Stack.host() + "/" + repo + ":v2", admin, admin, null);
        assertTrue(copy.ok(), copy::toString);

        Cmd.Result early = Stack.wharf("rotate-token-key", "--finish");
        assertEquals(2, early.exit(), early::toString);
        assertTrue(early.output().contains("--force"), early::toString);
        assertEquals(trustedBefore + 1, count(Files.readString(secret.resolve("token-bundle.crt")), "BEGIN CERTIFICATE"),
                "the refused finish changed nothing");

        Cmd.Result finished = Stack.wharf("rotate-token-key", "--finish", "--force");
        assertTrue(finished.ok(), finished::toString);
        assertEquals(1, count(Files.readString(secret.resolve("token-bundle.crt")), "BEGIN CERTIFICATE"));
        assertEquals(401, pullFromRegistry(repo, old), "the registry no longer trusts the previous key");
        Eventually.await("Wharf to drop the previous key", Duration.ofSeconds(10), () -> pullThroughWharf(repo, old), s -> s == 401);

        String newest = api.token("admin", Stack.adminPassword(), "repository:" + repo + ":pull");
        assertEquals(kid(fresh), kid(newest));
        assertEquals(200, pullFromRegistry(repo, newest));
        assertEquals(200, pullThroughWharf(repo, newest));
        Cmd.Result inspect = Images.inspect("docker://" + Stack.host() + "/" + repo + ":v2", admin);
        assertTrue(inspect.ok(), inspect::toString);
    }

    private static int pullFromRegistry(String repo, String token) {
        return Http.get(Stack.registryDirectUrl() + "/v2/" + repo + "/manifests/v1",
                "Authorization", Http.bearer(token), "Accept", OCI_MANIFEST).status();
    }

    private static int pullThroughWharf(String repo, String token) {
        return Http.get(Stack.url() + "/v2/" + repo + "/manifests/v1",
                "Authorization", Http.bearer(token), "Accept", OCI_MANIFEST).status();
    }

    private static String kid(String jwt) {
        String header = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8);
        try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(header))) {
            return reader.readObject().getString("kid");
        }
    }

    private static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }
}
