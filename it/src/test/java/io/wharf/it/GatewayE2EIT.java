package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Cmd;
import io.wharf.it.support.Images;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user of docker, podman or skopeo sees on the stack bin/wharf up started: login, push,
 * pull back the same bytes, and the refusals the roles promise.
 */
class GatewayE2EIT {
    private static final WharfApi API = new WharfApi(Stack.url(), Stack.adminPassword());
    private static String dev;
    private static String guest;
    private static String projectA;
    private static String projectB;
    private static Path image;

    @BeforeAll
    static void arrange(@TempDir Path dir) throws Exception {
        dev = API.createUser(WharfApi.unique("dev"));
        guest = API.createUser(WharfApi.unique("guest"));
        projectA = API.createProject(WharfApi.unique("teama"), false);
        projectB = API.createProject(WharfApi.unique("teamb"), false);
        API.addMember(projectA, dev, 2);
        API.addMember(projectA, guest, 3);
        image = Images.build(dir);
    }

    private static String ref(String repository) { return "docker://" + Stack.host() + "/" + repository; }

    private static String creds(String user) { return user + ":" + WharfApi.PASSWORD; }

    @Test
    void developerPushesAndPullsBackTheSameImage(@TempDir Path dir) throws Exception {
        Path pushed = dir.resolve("pushed.digest");
        Cmd.Result push = Images.copy("oci:" + image + ":v1", ref(projectA + "/hello-world:v1"), null, creds(dev), pushed);
        assertTrue(push.ok(), push::toString);

        Path pulled = dir.resolve("pulled.digest");
        Cmd.Result pull = Images.copy(ref(projectA + "/hello-world:v1"), "oci:" + dir.resolve("back") + ":v1", creds(dev), null, pulled);
        assertTrue(pull.ok(), pull::toString);
        assertEquals(Files.readString(pushed).strip(), Files.readString(pulled).strip());
        assertTrue(Files.readString(pushed).startsWith("sha256:"));

        // The layer bytes came back intact: skopeo verified each blob's digest while copying.
        Cmd.Result byDigest = Images.inspect(ref(projectA + "/hello-world@" + Files.readString(pushed).strip()), creds(dev));
        assertTrue(byDigest.ok(), byDigest::toString);
    }

    @Test
    void podmanLogsInPushesAndPulls() throws Exception {
        Path storage = Files.createTempDirectory("podman-root");
        Path auth = storage.resolve("auth.json");
        String[] base = {"podman", "--storage-driver", "vfs", "--root", storage.resolve("root").toString(),
                "--runroot", storage.resolve("run").toString()};
        Cmd.Result login = Cmd.run(concat(base, "login", "--authfile", auth.toString(), "--tls-verify=false",
                "-u", dev, "-p", WharfApi.PASSWORD, Stack.host()));
        assertTrue(login.ok(), login::toString);
        Cmd.Result badLogin = Cmd.run(concat(base, "login", "--authfile", auth.toString() + ".bad", "--tls-verify=false",
                "-u", dev, "-p", "wrong-password", Stack.host()));
        assertFalse(badLogin.ok(), badLogin::toString);

        String target = Stack.host() + "/" + projectA + "/podman-app:v1";
        Cmd.Result pushed = Images.copy("oci:" + image + ":v1", "docker://" + target, null, creds(dev), null);
        assertTrue(pushed.ok(), pushed::toString);
        Cmd.Result pull = Cmd.run(concat(base, "pull", "--authfile", auth.toString(), "--tls-verify=false", target));
        assertTrue(pull.ok(), pull::toString);
        String retag = Stack.host() + "/" + projectA + "/podman-app:v2";
        assertTrue(Cmd.run(concat(base, "tag", target, retag)).ok());
        Cmd.Result push = Cmd.run(concat(base, "push", "--authfile", auth.toString(), "--tls-verify=false", retag));
        assertTrue(push.ok(), push::toString);
        assertTrue(Images.inspect("docker://" + retag, creds(dev)).ok());
    }

    @Test
    void privateImageCannotBePulledAnonymouslyButPublicCan() throws Exception {
        String publicProject = API.createProject(WharfApi.unique("pub"), true);
        assertTrue(Images.copy("oci:" + image + ":v1", ref(projectA + "/private-app:v1"), null, creds(dev), null).ok());
        assertTrue(Images.copy("oci:" + image + ":v1", ref(publicProject + "/open-app:v1"), null, "admin:" + Stack.adminPassword(), null).ok());

        Cmd.Result anonymousPrivate = Images.inspect(ref(projectA + "/private-app:v1"), null);
        assertFalse(anonymousPrivate.ok(), anonymousPrivate::toString);
        assertTrue(anonymousPrivate.output().contains("denied") || anonymousPrivate.output().contains("unauthorized"),
                anonymousPrivate::toString);

        Cmd.Result anonymousPublic = Images.inspect(ref(publicProject + "/open-app:v1"), null);
        assertTrue(anonymousPublic.ok(), anonymousPublic::toString);
        Cmd.Result anonymousPush = Images.copy("oci:" + image + ":v1", ref(publicProject + "/open-app:v2"), null, null, null);
        assertFalse(anonymousPush.ok(), anonymousPush::toString);
    }

    @Test
    void guestCannotPush() {
        Cmd.Result push = Images.copy("oci:" + image + ":v1", ref(projectA + "/guest-app:v1"), null, creds(guest), null);
        assertFalse(push.ok(), push::toString);
        Cmd.Result there = Images.inspect(ref(projectA + "/guest-app:v1"), "admin:" + Stack.adminPassword());
        assertFalse(there.ok(), "the guest's push must leave nothing behind: " + there);
        // A guest may still pull.
        assertTrue(Images.copy("oci:" + image + ":v1", ref(projectA + "/for-guest:v1"), null, creds(dev), null).ok());
        assertTrue(Images.inspect(ref(projectA + "/for-guest:v1"), creds(guest)).ok());
    }

    @Test
    void developerOfOneProjectCannotPushToAnother() {
        Cmd.Result push = Images.copy("oci:" + image + ":v1", ref(projectB + "/intruder:v1"), null, creds(dev), null);
        assertFalse(push.ok(), push::toString);
        assertFalse(Images.inspect(ref(projectB + "/intruder:v1"), "admin:" + Stack.adminPassword()).ok());
    }

    @Test
    void wrongPasswordIsRefused() {
        Cmd.Result push = Images.copy("oci:" + image + ":v1", ref(projectA + "/nope:v1"), null, dev + ":wrong", null);
        assertFalse(push.ok(), push::toString);
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = new String[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
