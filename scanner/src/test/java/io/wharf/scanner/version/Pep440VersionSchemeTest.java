package io.wharf.scanner.version;

import static io.wharf.scanner.version.OrderAssertions.assertAscending;
import static io.wharf.scanner.version.OrderAssertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class Pep440VersionSchemeTest {
    private final VersionScheme pep440 = VersionSchemes.PEP440;

    /**
     * PEP 440's own examples ("Summary of permitted suffixes and relative ordering", "Version epochs", local
     * versions) and versions PyPI advisories use (certifi's dates, urllib3's 1.26.x).
     */
    static final List<List<String>> ORDERS = List.of(
            List.of("1.dev0", "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456",
                    "1.0b2", "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0",
                    "1.0+abc.5", "1.0+abc.7", "1.0+5", "1.0.post456.dev34", "1.0.post456", "1.0.15", "1.1.dev1"),
            List.of("2013.10", "2014.04", "1!1.0", "1!1.1", "2!0.1"),
            List.of("1.0", "1.0+ubuntu1", "1.0+ubuntu1.1", "1.0+ubuntu2", "1.0+1"),
            List.of("2020.4.5.1", "2022.9.24", "2022.12.07", "2023.07.22", "2024.2.2"),
            List.of("1.24.2", "1.25.9", "1.26.5", "1.26.12", "1.26.17", "1.26.18", "1.26.19", "2.0.0a1", "2.0.0", "2.0.7"),
            List.of("0.9", "0.10", "1.9", "1.10", "1.10.1", "10.0"),
            List.of("1.0a1", "1.0b1", "1.0c1", "1.0c2", "1.0"),
            List.of("not a version", "1.0"));

    @Test
    void ordersAsPep440Documents() {
        ORDERS.forEach(order -> assertAscending(pep440, order));
    }

    @Test
    void equalSpellings() {
        assertSame(pep440, "1.0", "1.0.0");
        assertSame(pep440, "1.0", "1");
        assertSame(pep440, "2022.12.07", "2022.12.7");
        assertSame(pep440, "1.0alpha1", "1.0a1");
        assertSame(pep440, "1.0-beta.2", "1.0b2");
        assertSame(pep440, "1.0c1", "1.0rc1");
        assertSame(pep440, "1.0pre1", "1.0rc1");
        assertSame(pep440, "1.0-1", "1.0.post1");
        assertSame(pep440, "1.0rev1", "1.0.post1");
        assertSame(pep440, "1.0.post", "1.0.post0");
        assertSame(pep440, "v1.0", "1.0");
        assertSame(pep440, "0!1.0", "1.0");
        assertSame(pep440, "1.0+Ubuntu-1", "1.0+ubuntu.1");
    }

    @Test
    void validity() {
        assertTrue(Pep440VersionScheme.isValid("1!2.0.post1.dev3+local.7"));
        assertFalse(Pep440VersionScheme.isValid("1.0-SNAPSHOT"));
        assertFalse(Pep440VersionScheme.isValid("french toast"));
    }

    /** Every pair of the table (and the equal spellings), checked against Python's packaging.version where it is. */
    @Test
    void agreesWithPythonPackaging() throws Exception {
        assumeTrue(packagingAvailable(), "python3 with the packaging module is not installed");
        List<String> versions = new ArrayList<>();
        ORDERS.forEach(order -> order.stream().filter(Pep440VersionScheme::isValid).forEach(versions::add));
        versions.addAll(List.of("1.0.0", "1", "2022.12.7", "1.0alpha1", "1.0-beta.2", "1.0c1", "1.0pre1", "1.0-1",
                "1.0rev1", "1.0.post", "v1.0", "0!1.0", "1.0+Ubuntu-1"));
        List<String> expected = python("""
                import sys
                from packaging.version import Version
                vs = sys.stdin.read().split("\\n")
                for a in vs:
                    print(" ".join(str((Version(a) > Version(b)) - (Version(a) < Version(b))) for b in vs))
                """, String.join("\n", versions));
        for (int i = 0; i < versions.size(); i++) {
            String[] row = expected.get(i).split(" ");
            for (int j = 0; j < versions.size(); j++) {
                assertEquals(Integer.parseInt(row[j]), Integer.signum(pep440.compare(versions.get(i), versions.get(j))),
                        "compare(" + versions.get(i) + ", " + versions.get(j) + ")");
            }
        }
    }

    private static boolean packagingAvailable() {
        try {
            return python("import packaging.version\nprint('ok')", "").equals(List.of("ok"));
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static List<String> python(String script, String input) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            return List.of("failed: " + out);
        }
        return out.lines().toList();
    }
}
