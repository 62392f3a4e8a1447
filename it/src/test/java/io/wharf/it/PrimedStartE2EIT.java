package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Cmd;
import io.wharf.it.support.Http;
import io.wharf.it.support.Stack;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The EAR build primes what a new server would otherwise do in its first start (bin/wharf prime): a fresh home's
 * first up starts from a database with every migration applied, still creates its own admin with its own password,
 * and leaves the build's copy as it was for the next home.
 */
class PrimedStartE2EIT {
    private static final int BASE = URI.create(Stack.url()).getPort();
    private static final Pattern SCHEMA_LINE = Pattern.compile("Schema on derby at version (\\d+) \\((\\d+) migrations applied now\\)");

    @Test
    void aFreshHomeStartsFromTheBuildsMigratedDatabaseWithItsOwnAdmin(@TempDir Path dir) throws Exception {
        Path primed = Stack.root().resolve("ear/target/liberty/primed");
        assertTrue(Files.isDirectory(primed.resolve("db")) && Files.isDirectory(primed.resolve("workarea")),
                "the EAR build primed a database and a Liberty workarea in " + primed);
        String templateBefore = digest(primed.resolve("db"));

        Path home = dir.resolve("home");
        Map<String, String> env = Stack.secondStack(home, BASE + 791);
        env.put("WHARF_ADMIN_PASSWORD", "");
        String wharf = Stack.root().resolve("bin/wharf").toString();
        try {
            Cmd.Result up = Cmd.runWithEnv(Duration.ofMinutes(4), env, wharf, "up");
            assertTrue(up.ok(), up::toString);

            Matcher schema = SCHEMA_LINE.matcher(Files.readString(home.resolve("liberty/output/wharf/logs/messages.log")));
            assertTrue(schema.find(), "the server logged its schema");
            assertEquals("0", schema.group(2), "a fresh home's database came with every migration applied: " + schema.group());

            String password = Files.readString(home.resolve("admin.password")).strip();
            String basic = "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
            Http.Response me = Http.get("http://127.0.0.1:" + (BASE + 791) + "/api/v2.0/users/current", "Authorization", basic);
            assertEquals(200, me.status(), me::toString);
            assertTrue(me.json().getBoolean("sysadmin_flag"), "this home's admin, with this home's password: " + me);
            Http.Response wrong = Http.get("http://127.0.0.1:" + (BASE + 791) + "/api/v2.0/users/current", "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString("admin:Harbor12345".getBytes(StandardCharsets.UTF_8)));
            assertEquals(401, wrong.status(), "no admin password came with the copy: " + wrong);
        } finally {
            Cmd.runWithEnv(Duration.ofMinutes(3), env, wharf, "down");
        }
        assertEquals(templateBefore, digest(primed.resolve("db")), "the build's database is the next home's, unchanged");
    }

    /** One digest over every file's path and content under {@code root}. */
    private static String digest(Path root) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            sha.update(root.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
            try {
                sha.update(Files.readAllBytes(f));
            } catch (IOException e) {
                throw new AssertionError("cannot read " + f, e);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
