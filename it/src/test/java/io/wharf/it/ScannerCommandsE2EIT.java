package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Cmd;
import io.wharf.it.support.Http;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/wharf vulndb} and {@code bin/wharf scan} while Wharf runs (the server holds the
 * embedded database, so they go through its admin API), on real Alpine secdb records.
 */
class ScannerCommandsE2EIT {
    private static Path secdb() {
        return Stack.root().resolve("scanner/src/test/resources/vulndata/alpine/v3.18").toAbsolutePath().normalize();
    }

    @Test
    void importStatusAndScanThroughTheRunningServer(@TempDir Path dir) throws Exception {
        Cmd.Result imported = Stack.wharf("vulndb", "import", secdb().toString());
        assertEquals(0, imported.exit(), imported::toString);
        assertTrue(imported.output().matches("(?s).*alpine\\s+\\d+ records.*"), imported::toString);

        Cmd.Result status = Stack.wharf("vulndb", "status");
        assertTrue(status.ok(), status::toString);
        assertTrue(status.output().contains("alpine") && status.output().contains("updated"), status::toString);

        Path layout = dir.resolve("oci");
        run("umoci", "init", "--layout", layout.toString());
        run("umoci", "new", "--image", layout + ":v1");
        Path bundle = dir.resolve("bundle");
        run("umoci", "unpack", "--rootless", "--image", layout + ":v1", bundle.toString());
        Files.createDirectories(bundle.resolve("rootfs/etc"));
        Files.createDirectories(bundle.resolve("rootfs/lib/apk/db"));
        Files.writeString(bundle.resolve("rootfs/etc/alpine-release"), "3.18.4\n");
        // aom 3.1.0-r0 predates the 3.1.1-r0 fix the v3.18 secdb lists for CVE-2021-30473.
        Files.writeString(bundle.resolve("rootfs/lib/apk/db/installed"), "C:Q1abc=\nP:aom\nV:3.1.0-r0\nA:x86_64\no:aom\n\n");
        run("umoci", "repack", "--image", layout + ":v1", bundle.toString());

        Cmd.Result scan = Stack.wharf("scan", layout + ":v1", "--format", "json", "--fail-on", "Unknown");
        assertEquals(1, scan.exit(), "a finding at or above --fail-on gives exit 1: " + scan);
        assertTrue(scan.output().contains("CVE-2021-30473"), scan::toString);
        assertTrue(scan.output().contains("3.1.1-r0"), scan::toString);

        Cmd.Result table = Stack.wharf("scan", layout + ":v1");
        assertEquals(0, table.exit(), table::toString);
        assertTrue(table.output().contains("CVE-2021-30473") && table.output().contains("aom"), table::toString);

        Cmd.Result missing = Stack.wharf("vulndb", "import", dir.resolve("nothing-here").toString());
        assertEquals(2, missing.exit(), missing::toString);
        assertTrue(missing.output().contains("error:"), missing::toString);
    }

    @Test
    void theAdminApiIsForAdministratorsOnly() {
        WharfApi api = new WharfApi(Stack.url(), Stack.adminPassword());
        String user = api.createUser(WharfApi.unique("vdb"));
        assertEquals(403, Http.get(Stack.url() + "/api/v2.0/vulndb/status", "Authorization", Http.basic(user, WharfApi.PASSWORD)).status());
        assertEquals(401, Http.get(Stack.url() + "/api/v2.0/vulndb/status").status());
        Http.Response status = Http.get(Stack.url() + "/api/v2.0/vulndb/status", "Authorization", api.adminAuth());
        assertEquals(200, status.status(), status.toString());
        Http.Response bad = Http.postJson(Stack.url() + "/api/v2.0/vulndb/import", "{\"paths\":[\"relative/path\"]}", api.adminAuth());
        assertEquals(400, bad.status());
        assertEquals("BAD_REQUEST", bad.errorCode());
    }

    private static void run(String... command) {
        Cmd.Result r = Cmd.run(command);
        assertTrue(r.ok(), r::toString);
    }
}
